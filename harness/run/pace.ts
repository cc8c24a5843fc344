// Load-aware time for a run. Every SAMPLE_MS while processes run, one small times frame from the
// init (harness/observe/times.ts) says how long each process waited for a CPU. A budget (a
// wait's timeout, a sleep, the test's timeout) counts wall time minus that delay, up to a hard
// ceiling, so a starved machine does not fail a correct program; and a run whose processes are
// all blocked for good, with nothing changing, is a hang at once instead of at the timeout.
// ipclab's own event-loop stalls count the same way: while it cannot run it reads nothing.
import { readFileSync } from 'node:fs';
import { usableCpus } from '../usable-cpus.js';
import { blockedForGood, parseTimes, type Times } from '../observe/times.js';
import type { InitClient } from './init-client.js';
import { stalledMs, startStallClock, stopStallClock } from './loop-stall.js';
import type { LoadFacts } from './observation.js';
import { notify, type Run } from './state.js';

/** How often the init is asked: often enough to see a hang fast, one ~100-byte frame each. */
export const SAMPLE_MS = 150;
/** A budget never stretches past this many times itself: a busy loop on a loaded machine still ends. */
export const CEILING_FACTOR = 3;
/** How long every process must stay blocked, with nothing happening, to be a hang. */
export const QUIET_MS = 500;
/** Run-queue delay above this share of the run's wall time means the machine was overloaded. */
export const OVERLOAD_SHARE = 0.2;

/**
 * A limit in "time the processes could run". Its credit is, per sample, the largest run-queue
 * delay among the processes it is about (the max, not the mean: processes that sleep accrue no
 * delay and would dilute it, and the slowest of them is the one the wait is held up by), never
 * more than the sample's wall time.
 */
export class Budget {
  credit = 0;
  /** The part of the credit owed to ipclab's own stalled event loop (harness/run/loop-stall.ts), not to CPU waits. */
  stallCredit = 0;
  private readonly started = Date.now();
  /** `pids` says which processes it is about; undefined: every live process of the test. */
  constructor(readonly limitMs: number, readonly pids?: () => number[] | undefined) {}
  deadline(): number {
    return this.started + Math.min(this.limitMs + this.credit, this.limitMs * CEILING_FACTOR);
  }
  expired(): boolean {
    return Date.now() >= this.deadline();
  }
  /** The ceiling, not the budget, ends it: it was owed more time for CPU waits than it may stretch. */
  atCeiling(): boolean {
    return this.limitMs + this.credit >= this.limitMs * CEILING_FACTOR;
  }
  elapsedMs(): number {
    return Date.now() - this.started;
  }
}

export class Pace {
  readonly test: Budget;
  private budgets = new Set<Budget>();
  private prev?: Times;
  private prevSelf = selfDelayNs();
  private prevStall = 0;
  private quietSince?: number;
  private eventsAt = -1;
  private maxLoad1 = 0;
  /** Time ipclab or the init could not run (a CPU wait or a stalled loop): what they relay came late. */
  private relayMs = 0;
  private stopped = false;
  /** A wait or sleep ended by the ceiling: the machine took more than its budgets could give back. */
  private ceilingHit = false;
  /** Budgets that ended past their own limit but within the stretched one, and the most any went past. */
  private stretched = { budgets: 0, beyondMs: 0 };
  private loop?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private wakeLoop = () => {};
  /** Whether a hang may be recognised now (the phase says: a wait, or settle). */
  watchHang = false;

  constructor(private readonly run: Run, private readonly init: InitClient) {
    this.test = this.add(new Budget(run.plan.timeoutMs));
    run.deadline = this.test.deadline();
  }

  start(): void {
    startStallClock();
    this.prevStall = stalledMs();
    this.loop = this.sampleLoop();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.wakeLoop();
    await this.loop;
    stopStallClock();
  }

  /**
   * Before a budget is called spent: one round trip to the init, so that every frame it sent
   * before (output, exits: they come in order) has been read, and the budgets are credited up to
   * now (a stall of ipclab's loop, or its processes' CPU waits, since the last sample).
   */
  async catchUp(): Promise<void> {
    if (this.stopped || this.init.closed) return;
    const t = parseTimes(await this.init.times());
    if (t) this.sample(t);
  }

  add(b: Budget): Budget {
    this.budgets.add(b);
    return b;
  }

  remove(b: Budget): void {
    if (b.expired() && b.atCeiling()) this.ceilingHit = true;
    if (!b.expired()) this.noteStretch(this.stretched, b);
    this.budgets.delete(b);
  }

  /** A budget that ended before its stretched deadline but after its own limit held only thanks to the credit. */
  private noteStretch(into: { budgets: number; beyondMs: number }, b: Budget): void {
    const over = b.elapsedMs() - b.limitMs;
    if (over <= 0) return;
    into.budgets++;
    into.beyondMs = Math.max(into.beyondMs, Math.round(over));
  }

  facts(): LoadFacts {
    const wallMs = this.test.elapsedMs();
    const cpus = usableCpus();
    const starvedMs = Math.round(this.test.credit);
    // overloaded only when the stretching could not make up for it: a budget that got back every
    // CPU wait judged the program on its own time (a busy machine alone re-ran every slow failure)
    const cut = this.ceilingHit || (this.test.expired() && this.test.atCeiling());
    const stretched = { ...this.stretched };
    if (!this.test.expired()) this.noteStretch(stretched, this.test);
    const stalledMs = Math.round(this.test.stallCredit);
    const late = { lateMs: Math.round(this.run.lateMs), relayMs: Math.round(this.relayMs), blindMs: Math.round(this.run.blindMs) };
    return { starvedMs, stalledMs, wallMs, maxLoad1: this.maxLoad1, cpus, overloaded: cut && starvedMs > wallMs * OVERLOAD_SHARE, stretched, ...late };
  }

  /** Samples at once (a stall or CPU wait right after the start is measured from here), then every SAMPLE_MS. */
  private async sampleLoop(): Promise<void> {
    while (!this.stopped && !this.init.closed) {
      const t = parseTimes(await this.init.times());
      if (t && !this.stopped) this.sample(t);
      await new Promise<void>((r) => {
        this.wakeLoop = r;
        this.timer = setTimeout(r, SAMPLE_MS);
      });
    }
  }

  private sample(t: Times): void {
    const self = selfDelayNs();
    const prev = this.prev;
    this.maxLoad1 = Math.max(this.maxLoad1, t.load1);
    const stall = stalledMs();
    if (prev && t.ns <= prev.ns) return; // answered out of order: the later one already counted
    if (prev) {
      const dtMs = (t.ns - prev.ns) / 1e6;
      const selfMs = (self - this.prevSelf) / 1e6;
      // ipclab and the init relay everything the test does: when they wait for a CPU, or ipclab's
      // loop is stalled, the test's output is not seen
      const relayMs = Math.max(selfMs, stall - this.prevStall, (t.initDelayNs - prev.initDelayNs) / 1e6);
      const stallMs = stall - this.prevStall;
      this.relayMs += Math.min(dtMs, relayMs);
      for (const b of this.budgets) {
        const owed = Math.min(dtMs, Math.max(relayMs, maxDelayMs(prev, t, b.pids?.())));
        b.credit += owed;
        b.stallCredit += Math.min(owed, stallMs);
      }
      this.run.deadline = this.test.deadline();
      this.noteQuiet(prev, t);
    }
    this.prev = t;
    this.prevSelf = self;
    this.prevStall = stall;
  }

  private noteQuiet(prev: Times, t: Times): void {
    const quiet = this.watchHang && this.run.events === this.eventsAt && unchanged(prev, t) && !this.spawnInFlight();
    this.eventsAt = this.run.events;
    if (!quiet) {
      this.quietSince = undefined;
      return;
    }
    this.quietSince ??= prev.ns;
    if ((t.ns - this.quietSince) / 1e6 >= QUIET_MS && !this.run.hang) {
      this.run.hang = { quietMs: Math.round((t.ns - this.quietSince) / 1e6) };
      notify(this.run);
    }
  }

  /** A process asked for whose start the init has not reported yet. */
  private spawnInFlight(): boolean {
    return [...this.run.byId.values()].some((i) => i.started && !i.exited && i.obs.pid === undefined && !i.obs.execError);
  }
}

/** The largest growth of run-queue delay among these processes (all when undefined), ms. */
function maxDelayMs(prev: Times, t: Times, pids: number[] | undefined): number {
  let max = 0;
  for (const p of t.procs.values()) {
    if (pids && !pids.includes(p.pid)) continue;
    max = Math.max(max, p.delayNs - (prev.procs.get(p.pid)?.delayNs ?? 0));
  }
  return max / 1e6;
}

/** The same processes, each blocked for good in both samples, with no CPU used in between. */
function unchanged(prev: Times, t: Times): boolean {
  if (prev.procs.size !== t.procs.size) return false;
  for (const p of t.procs.values()) {
    const q = prev.procs.get(p.pid);
    if (!q || q.state !== p.state || q.cpuNs !== p.cpuNs || q.execNs !== p.execNs) return false;
    if (!blockedForGood(p) || !blockedForGood(q) || q.syscall === undefined || p.syscall === undefined) return false;
    if (q.syscall !== 'running' && p.syscall !== 'running' && q.syscall.nr !== p.syscall.nr) return false;
  }
  return true;
}

/** ipclab's own main thread's run-queue delay: when it is starved it sees events late. */
function selfDelayNs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[1]) || 0;
  } catch {
    return 0;
  }
}
