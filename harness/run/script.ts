// The script phase: the test's steps, one function per step kind, and the waits they make.
// A wait re-evaluates its condition (harness/run/conditions.ts) on every event from the init,
// and polls a snapshot every few milliseconds when the condition is about kernel state.
import { constants as osConstants } from 'node:os';
import { parseSnapshot, type Inventory, type WorkEntry } from '../observe/snapshot.js';
import { ms } from '../spec/duration.js';
import { templateDeep, TemplateError } from '../spec/template.js';
import type { Condition, Step } from '../spec/types.js';
import { refOf, resolveRef } from '../observe/refs.js';
import { ENDING_SIGNALS } from '../observe/diagnose.js';
import { holds, hostPathType, needsKernel, needsPaths, needsThreads, needsMappings, type ConditionContext } from './conditions.js';
import { noteInventory } from './events.js';
import { endsOf, livePids } from '../observe/ends.js';
import type { InitClient } from './init-client.js';
import { Budget, type Pace } from './pace.js';
import type { StepFailure } from './observation.js';
import { startInstances } from './start.js';
import { checkAbort, instancesOf, markWaitStart, msSince, pidVars, sleepUntil, type Run } from './state.js';

const SIGNALS = osConstants.signals as Record<string, number>;

/** Carries out the script; a step that cannot go on sets run.stepFailed and ends it. */
export async function runScript(run: Run, init: InitClient, pace: Pace): Promise<void> {
  run.scripting = true;
  try {
    await runSteps(run, init, pace);
  } finally {
    run.scripting = false;
  }
}

async function runSteps(run: Run, init: InitClient, pace: Pace): Promise<void> {
  for (const [index, rawStep] of run.plan.script.entries()) {
    checkAbort(run);
    let step: Step;
    try {
      step = templateDeep(rawStep, { ...run.vars, ...pidVars(run) });
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      run.stepFailed = { kind: 'template', error: err.message };
      run.failedStep = index;
      return;
    }
    const failed = await runStep({ run, init, pace }, step, index, msSince(run));
    if (failed) {
      run.stepFailed = failed;
      run.failedStep = index;
      return;
    }
  }
  for (const name of run.plan.interactive) for (const inst of instancesOf(run, name)) if (inst.started) init.closeStdin(inst.id);
}

/** What a step works with. */
interface Ctx { run: Run; init: InitClient; pace: Pace }

/** One step; returns why the script cannot go on, if it cannot. */
async function runStep(x: Ctx, step: Step, index: number, stepMs: number): Promise<StepFailure | undefined> {
  const { run, init } = x;
  // only a sample right after a kernel wait continues its watch (LoadFacts.blindMs)
  if (!step.sample && step.start === undefined) run.lookedAt = undefined;
  if (step.start !== undefined) return startStep(run, init, step, index);
  if (step.wait) return waitStep(x, step, index);
  if (step.sleep !== undefined) await sleepStep(x, ms(step.sleep, 0));
  else if (step.signal) await signalStep(x, step.signal, stepMs);
  else if (step.send) sendStep(run, init, step.send, stepMs);
  else if (step.sample) {
    run.obs.sampleBytes[step.sample] = streamBytes(run);
    run.obs.samples[step.sample] = parseSnapshot(await init.snapshot(true));
    if (run.lookedAt !== undefined) looked(run, run.obs.samples[step.sample]);
    noteInventory(run, run.obs.samples[step.sample]);
    run.obs.timeline.push({ ms: stepMs, kind: 'sample' });
  }
  return undefined;
}

/**
 * The script looked at its processes in `inv`: the time since its last look, while it watches
 * them, is time in which a short-lived process could come and go unseen (the init, or ipclab,
 * could not run: a snapshot is asked for every few ms).
 */
function looked(run: Run, inv: Inventory): void {
  if (!inv.t) return; // cut short: no time
  if (run.lookedAt !== undefined && inv.t > run.lookedAt) run.blindMs = Math.max(run.blindMs, Number(inv.t - run.lookedAt) / 1e6);
  run.lookedAt = inv.t;
}

/** What each stream has delivered so far: counted before the snapshot, so no process can have written less by then. */
function streamBytes(run: Run): Record<string, number> {
  return Object.fromEntries(run.streams.map((s) => [s.name, s.total]));
}

/**
 * A sleep gives the processes time to do something wrong (remove a queue too early, say): it
 * lasts as long as they could run, stretched by their run-queue delay, so a starved machine
 * cannot make a buggy program pass because the sleep was too short.
 */
async function sleepStep(x: Ctx, duration: number): Promise<void> {
  const b = x.pace.add(new Budget(duration));
  try {
    while (!b.expired() && Date.now() < x.run.deadline) {
      checkAbort(x.run);
      await sleepUntil(Math.min(b.deadline(), x.run.deadline, Date.now() + 50));
    }
  } finally {
    x.pace.remove(b);
  }
}

async function startStep(run: Run, init: InitClient, step: Step, index: number): Promise<StepFailure | undefined> {
  if (run.plan.jitterMs) await new Promise((r) => setTimeout(r, Math.random() * run.plan.jitterMs));
  const names = Array.isArray(step.start) ? step.start : [step.start!];
  try {
    startInstances(run, init, names.flatMap((n) => instancesOf(run, n)), !!step.together);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    return { kind: 'start', processes: names, error: err.message };
  }
  return undefined;
}

async function waitStep(x: Ctx, step: Step, index: number): Promise<StepFailure | undefined> {
  const { run, pace } = x;
  const c = step.wait!;
  const b = new Budget(step.timeout !== undefined ? ms(step.timeout, 0) * run.plan.timeFactor : run.plan.timeoutMs, () => pidsOf(run, c));
  pace.watchHang = hangMayBeFinal(run, index);
  try {
    if (await waitFor(x, c, b)) return undefined;
  } finally {
    pace.watchHang = false;
  }
  const t = pace.test;
  // the test's deadline, not the wait's budget, ended it: the wait itself may have begun only just before
  const testEnded = !b.expired() && t.expired() ? { elapsedMs: t.elapsedMs(), limitMs: t.limitMs, credit: { creditMs: t.credit, stallMs: t.stallCredit } } : undefined;
  return { kind: 'wait', condition: c, waitedMs: b.elapsedMs(), credit: { creditMs: b.credit, stallMs: b.stallCredit }, ...(run.hang ? { hangQuietMs: run.hang.quietMs } : {}), ...(testEnded ? { testEnded } : {}) };
}

/**
 * Whether nothing but the test's own processes could still make the wait come true: no later
 * step starts a process, signals or types to one, and no input is held back (conservative: a
 * failed wait ends the script anyway, but a later step is where time and input come from).
 */
function hangMayBeFinal(run: Run, index: number): boolean {
  const later = run.plan.script.slice(index + 1);
  if (later.some((s) => s.start !== undefined || s.signal || s.send)) return false;
  return ![...run.byId.values()].some((i) => i.holdFrom !== undefined);
}

/** The processes a condition waits on; undefined when it names none (an object, a path): all. */
function pidsOf(run: Run, c: Condition): number[] | undefined {
  const names = processNames(run, c);
  if (!names) return undefined;
  return names.flatMap((n) => instancesOf(run, n)).flatMap((i) => (i.obs.pid !== undefined ? [i.obs.pid] : []));
}

function processNames(run: Run, c: Condition): string[] | undefined {
  const subs = c.all ?? c.any;
  if (subs) {
    const parts = subs.map((p) => processNames(run, p));
    return parts.some((p) => !p) ? undefined : parts.flat() as string[];
  }
  const one = c.exited ?? c.stopped ?? c.blocked?.process ?? (c.output ? ownerOf(run, c.output.stream) : undefined);
  return one !== undefined && run.groups.has(one) ? [one] : undefined;
}

/** The process whose own stream this is (a shared or named stream has no single owner). */
function ownerOf(run: Run, stream: string): string | undefined {
  if (run.groups.has(stream)) return stream;
  const label = run.streamOwner.get(stream);
  return label !== undefined ? [...run.byId.values()].find((i) => i.obs.label === label)?.obs.name : undefined;
}

async function signalStep(x: Ctx, s: NonNullable<Step['signal']>, stepMs: number): Promise<void> {
  const { run, init } = x;
  const signo = SIGNALS[`SIG${s.signal}`];
  const own = run.groups.has(s.process);
  // what the processes sit in as an ending signal goes (a Node program blocked in a synchronous
  // call never runs its handler); a forked process is found in it too. Other signals to the
  // test's own processes go at once: a STOP must not lag the output it reacts to.
  const before = !own || ENDING_SIGNALS.has(`SIG${s.signal}`) ? parseSnapshot(await init.snapshot(false)) : undefined;
  const pids = own ? signalOwn(run, init, s, signo) : signalOthers(run, init, s, signo, before!);
  for (const pid of pids) {
    const p = before?.processes.find((q) => q.pid === pid);
    const blockedIn = p && p.state === 'S' && !p.running ? p.syscall?.name : undefined;
    (run.obs.signalsSent ??= []).push({ ms: stepMs, signal: `SIG${s.signal}`, pid, ...(blockedIn ? { blockedIn } : {}) });
  }
  run.obs.timeline.push({ ms: stepMs, kind: 'signal', process: s.process, signal: `SIG${s.signal}` });
  // A stop takes effect only when the process next runs: go on once it really is stopped,
  // so that what follows (a message sent to it, say) finds it out of its system call.
  if (s.signal === 'STOP') await waitFor(x, { stopped: s.process }, new Budget(2000 * run.plan.timeFactor, () => pidsOf(run, { stopped: s.process })));
}

/** Returns the pids signalled. */
function signalOwn(run: Run, init: InitClient, s: NonNullable<Step['signal']>, signo: number): number[] {
  const pids: number[] = [];
  for (const inst of instancesOf(run, s.process)) {
    if (inst.obs.pid !== undefined && !inst.exited) {
      if (signo === SIGNALS.SIGKILL || signo === SIGNALS.SIGTERM) inst.obs.killedBy ??= 'test';
      init.signal(inst.id, signo, !!s.group);
      pids.push(inst.obs.pid);
    }
  }
  return pids;
}

/** A process the student started ("child of main", a program name): found in a snapshot now, signalled by pid. */
function signalOthers(run: Run, init: InitClient, s: NonNullable<Step['signal']>, signo: number, inv: Inventory): number[] {
  const pids = resolveRef(refOf(s.process), run.obs.processes, inv).filter((p) => p.state !== 'Z').map((p) => p.pid);
  for (const pid of pids) init.signalPid(pid, signo);
  return pids;
}

function sendStep(run: Run, init: InitClient, s: NonNullable<Step['send']>, stepMs: number): void {
  for (const inst of instancesOf(run, s.process)) {
    if (s.text !== undefined) init.writeStdin(inst.id, Buffer.from(s.text));
    if (s.rest && inst.obs.stdin && inst.holdFrom !== undefined) init.writeStdin(inst.id, inst.obs.stdin.subarray(inst.holdFrom));
    if (s.close || s.rest) init.closeStdin(inst.id);
  }
  run.obs.timeline.push({ ms: stepMs, kind: 'step', process: s.process, ...(s.text !== undefined ? { text: s.text } : {}), ...(s.rest ? { rest: true } : {}), ...(s.close ? { close: true } : {}) });
}

/** A wait that lasts this long takes a snapshot to measure its processes' CPU use from (kernel waits have one at once). */
const WAIT_START_AFTER_MS = 200;

/** True once the condition holds; false when its budget or the test's runs out, or at a hang. */
async function waitFor(x: Ctx, c: Condition, b: Budget): Promise<boolean> {
  const { run, init, pace } = x;
  const ctx = conditionContext(run);
  const kernel = needsKernel(c, new Set(run.obs.processes.flatMap((p) => [p.name, p.label])));
  const threads = needsThreads(c);
  const deep = needsMappings(c);
  const began = Date.now();
  run.waitStart = undefined;
  // isolated: the work folder is inside the run's root; the init lists its top level
  const inside = needsPaths(c) && run.iso.mode === 'isolated';
  pace.add(b);
  let caughtUp = false;
  // the watch starts now (the init's clock is CLOCK_MONOTONIC, as hrtime is)
  if (kernel) run.lookedAt = process.hrtime.bigint();
  try {
    for (;;) {
      checkAbort(run);
      const inv: Inventory | undefined = kernel ? parseSnapshot(await init.snapshot({ deep, threads })) : undefined;
      if (inv) {
        looked(run, inv);
        noteInventory(run, inv);
      }
      if (inside) ctx.pathType = workPathType(run, parseSnapshot(await init.workListing()).work ?? []);
      if (holds(c, ctx, inv)) return true;
      if (run.hang) return false;
      const late = b.expired() || Date.now() >= run.deadline;
      if (late && caughtUp) return false;
      if (late) {
        // what already arrived may be the answer, and a stall of ipclab's loop may be owed back: look once more
        await pace.catchUp();
        caughtUp = true;
        continue;
      }
      caughtUp = false;
      if (!run.waitStart && (inv || Date.now() - began >= WAIT_START_AFTER_MS)) markWaitStart(run, inv ?? parseSnapshot(await init.snapshot(false)));
      await Promise.race([run.changed, sleepUntil(Math.min(b.deadline(), run.deadline, Date.now() + (kernel || inside ? 3 : 50)))]);
    }
  } finally {
    pace.remove(b);
  }
}

/** Paths directly in the work folder, from the init's listing; nothing else is seen from outside. */
function workPathType(run: Run, work: WorkEntry[]): ConditionContext['pathType'] {
  return (path) => {
    const name = path.startsWith(`${run.work}/`) ? path.slice(run.work.length + 1) : undefined;
    const e = name ? work.find((w) => w.name === name) : undefined;
    return e ? (e.type === 'fifo' ? 'fifo' : 'other') : undefined;
  };
}

function conditionContext(run: Run): ConditionContext {
  return {
    text: (stream) => {
      const id = run.streamIds.get(stream);
      return id === undefined ? undefined : run.streams[id].head().toString('latin1');
    },
    cursors: run.cursors,
    instances: (name) => instancesOf(run, name).map((i) => ({ exited: i.exited, pid: i.obs.pid })),
    tests: () => run.obs.processes,
    ends: (ref, inv) => endsOf(ref, { tests: run.obs.processes, seen: run.seen, live: livePids(inv.processes), orphans: run.obs.orphans }),
    pathType: hostPathType,
    ...(run.plan.trace ? { traceStops: new Map() } : {}),
  };
}
