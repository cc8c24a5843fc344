// The settle phase: after the script, wait for every started process to exit within the test's
// timeout, noting IPC objects as they come and go; a timeout (or a step that waited in vain)
// takes a deep snapshot and records the hang's facts (harness/observe/diagnose.ts).
import { diagnose } from '../observe/diagnose.js';
import { usableCpus } from '../usable-cpus.js';
import { machineCpuTimes } from '../observe/cpu.js';
import { parseSnapshot } from '../observe/snapshot.js';
import { noteInventory } from './events.js';
import type { InitClient } from './init-client.js';
import type { Pace } from './pace.js';
import { checkAbort, markWaitStart, msSince, sleepUntil, type Run } from './state.js';

/** How often IPC objects are looked at while processes run, for the timeline. */
const IPC_POLL_MS = 20;

export async function settle(run: Run, init: InitClient, pace: Pace): Promise<void> {
  if (!run.stepFailed) {
    // the script is over: only the test's own processes can end a hang now
    pace.watchHang = true;
    await waitForExits(run, init, pace);
    pace.watchHang = false;
  }
  await pace.stop();
  run.obs.load = pace.facts();
  if (run.stepFailed || run.timedOut) await explainHang(run, init, pace.test.credit, pace.test.stallCredit);
  else {
    // An orphan that is still alive, or a zombie not yet reaped, shows in this snapshot;
    // one already reaped was reported as an orphan: either way it is seen.
    run.obs.final = parseSnapshot(await init.snapshot(!!run.trace)); // deep when traced: its stream pipes tell who wrote the test's streams
    noteInventory(run, run.obs.final);
  }
}

async function waitForExits(run: Run, init: InitClient, pace: Pace): Promise<void> {
  const all = [...run.byId.values()].filter((i) => i.started);
  let lastPoll = 0;
  let waiting = false;
  let caughtUp = false;
  for (;;) {
    checkAbort(run);
    if (all.every((i) => i.exited)) return;
    const late = Date.now() >= run.deadline;
    if (late && !caughtUp && !run.hang) {
      // exits already sent may be unread, and a stall of ipclab's loop owed back (harness/run/pace.ts)
      await pace.catchUp();
      caughtUp = true;
      continue;
    }
    if (run.hang || late) {
      run.timedOut = true;
      return;
    }
    caughtUp = false;
    await Promise.race([run.changed, sleepUntil(Math.min(run.deadline, Date.now() + IPC_POLL_MS))]);
    if (!all.every((i) => i.exited) && Date.now() - lastPoll >= IPC_POLL_MS) {
      lastPoll = Date.now();
      const inv = parseSnapshot(await init.snapshot(false));
      noteInventory(run, inv);
      if (!waiting) markWaitStart(run, inv); // the test's own wait for the exits starts here
      waiting = true;
    }
  }
}

async function explainHang(run: Run, init: InitClient, starvedMs: number, stalledMs: number): Promise<void> {
  const labels = new Map([...run.byPid.entries()].map(([pid, inst]) => [pid, inst.obs.label]));
  const deep = parseSnapshot(await init.snapshot(true));
  run.obs.final = deep;
  run.obs.diagnosis = diagnose(deep, labels, { since: run.waitStart?.inv, cpus: testCpus(run.plan.cpuMask), machine: machineSince(run), signals: run.obs.signalsSent });
  const stillRunning = [...run.byId.values()].filter((i) => i.started && !i.exited).map((i) => i.obs.label);
  const hang = run.hang ? { hang: { quietMs: run.hang.quietMs } } : {};
  run.obs.termination = run.stepFailed
    ? { reason: 'step-timeout', step: run.failedStep ?? 0, failure: run.stepFailed, ...hang }
    : { reason: 'timeout', timeoutMs: run.plan.timeoutMs, stillRunning, credit: { creditMs: starvedMs, stallMs: stalledMs }, ...hang };
  // worded by the grader from the termination (grader/wording/hang.ts)
  run.obs.timeline.push({ ms: msSince(run), kind: 'timeout' });
  for (const i of run.byId.values()) if (i.started && !i.exited) i.obs.killedBy ??= 'timeout';
}

/** The CPUs the test's processes may use: those of its mask, else all this process may use. */
function testCpus(mask: bigint): number {
  let n = 0;
  for (let m = mask; m; m >>= 1n) n += Number(m & 1n);
  return n || usableCpus();
}

/**
 * The CPUs' busy time since the wait began (by the test and everything else), over the time
 * between the two readings (not the snapshots': a starved init may take long to answer one).
 */
function machineSince(run: Run): { busyS: number; cpus: number; windowS: number } | undefined {
  const then = run.waitStart?.machine;
  const later = machineCpuTimes(run.plan.cpuMask);
  if (!then || !later || later.cpus !== then.cpus || later.atS <= then.atS) return undefined;
  return { busyS: later.busyS - then.busyS, cpus: later.cpus, windowS: later.atS - then.atS };
}
