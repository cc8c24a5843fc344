// The script phase: the test's steps, one function per step kind, and the waits they make.
// A wait re-evaluates its condition (harness/run/conditions.ts) on every event from the init,
// and polls a snapshot every few milliseconds when the condition is about kernel state.
import { constants as osConstants } from 'node:os';
import { parseSnapshot, type Inventory, type WorkEntry } from '../observe/snapshot.js';
import { ms } from '../spec/duration.js';
import { templateDeep, TemplateError } from '../spec/template.js';
import type { Condition, Step } from '../spec/types.js';
import { describeCondition, holds, hostPathType, needsKernel, needsPaths, type ConditionContext } from './conditions.js';
import { noteInventory } from './events.js';
import type { InitClient } from './init-client.js';
import { startInstances } from './start.js';
import { checkAbort, instancesOf, msSince, pidVars, sleepUntil, type Run } from './state.js';

const SIGNALS = osConstants.signals as Record<string, number>;

/** Carries out the script; a step that cannot go on sets run.stepFailed and ends it. */
export async function runScript(run: Run, init: InitClient): Promise<void> {
  for (const [index, rawStep] of run.plan.script.entries()) {
    checkAbort(run);
    let step: Step;
    try {
      step = templateDeep(rawStep, { ...run.vars, ...pidVars(run) });
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      run.stepFailed = `step ${index + 1} could not be carried out: ${err.message}`;
      return;
    }
    const failed = await runStep(run, init, step, index, msSince(run));
    if (failed) {
      run.stepFailed = failed;
      return;
    }
  }
  for (const name of run.plan.interactive) for (const inst of instancesOf(run, name)) if (inst.started) init.closeStdin(inst.id);
}

/** One step; returns why the script cannot go on, if it cannot. */
async function runStep(run: Run, init: InitClient, step: Step, index: number, stepMs: number): Promise<string | undefined> {
  if (step.start !== undefined) return startStep(run, init, step, index);
  if (step.wait) return waitStep(run, init, step, index, stepMs);
  if (step.sleep !== undefined) await sleepUntil(Math.min(run.deadline, Date.now() + ms(step.sleep, 0)));
  else if (step.signal) await signalStep(run, init, step.signal, stepMs);
  else if (step.send) sendStep(run, init, step.send, stepMs);
  else if (step.sample) {
    run.obs.samples[step.sample] = parseSnapshot(await init.snapshot(true));
    noteInventory(run, run.obs.samples[step.sample]);
    run.obs.timeline.push({ ms: stepMs, kind: 'sample', text: `sampled "${step.sample}"` });
  }
  return undefined;
}

async function startStep(run: Run, init: InitClient, step: Step, index: number): Promise<string | undefined> {
  if (run.plan.jitterMs) await new Promise((r) => setTimeout(r, Math.random() * run.plan.jitterMs));
  const names = Array.isArray(step.start) ? step.start : [step.start!];
  try {
    startInstances(run, init, names.flatMap((n) => instancesOf(run, n)), !!step.together);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    return `step ${index + 1} could not start ${names.join(', ')}: ${err.message}`;
  }
  return undefined;
}

async function waitStep(run: Run, init: InitClient, step: Step, index: number, stepMs: number): Promise<string | undefined> {
  const until = step.timeout !== undefined ? Math.min(run.deadline, Date.now() + ms(step.timeout, 0)) : run.deadline;
  if (await waitFor(run, init, step.wait!, until)) return undefined;
  const waited = (Date.now() - (run.deadline - run.plan.timeoutMs) - stepMs) / 1000 + stepMs / 1000;
  return `step ${index + 1} waited ${waited.toFixed(1)} s for ${describeCondition(step.wait!)}, which did not happen`;
}

async function signalStep(run: Run, init: InitClient, s: NonNullable<Step['signal']>, stepMs: number): Promise<void> {
  const signo = SIGNALS[`SIG${s.signal}`];
  for (const inst of instancesOf(run, s.process)) {
    if (inst.obs.pid !== undefined && !inst.exited) {
      if (signo === SIGNALS.SIGKILL || signo === SIGNALS.SIGTERM) inst.obs.killedBy ??= 'test';
      init.signal(inst.id, signo, !!s.group);
    }
  }
  run.obs.timeline.push({ ms: stepMs, kind: 'signal', process: s.process, text: `the test sent SIG${s.signal}` });
  // A stop takes effect only when the process next runs: go on once it really is stopped,
  // so that what follows (a message sent to it, say) finds it out of its system call.
  if (s.signal === 'STOP') await waitFor(run, init, { stopped: s.process }, Math.min(run.deadline, Date.now() + 2000));
}

function sendStep(run: Run, init: InitClient, s: NonNullable<Step['send']>, stepMs: number): void {
  for (const inst of instancesOf(run, s.process)) {
    if (s.text !== undefined) init.writeStdin(inst.id, Buffer.from(s.text));
    if (s.rest && inst.obs.stdin && inst.holdFrom !== undefined) init.writeStdin(inst.id, inst.obs.stdin.subarray(inst.holdFrom));
    if (s.close || s.rest) init.closeStdin(inst.id);
  }
  const text = s.text !== undefined ? `the test typed ${JSON.stringify(s.text)}` : s.rest ? 'the test sent the rest of standard input' : 'the test closed standard input';
  run.obs.timeline.push({ ms: stepMs, kind: 'step', process: s.process, text });
}

/** True once the condition holds; false at `until`. */
async function waitFor(run: Run, init: InitClient, c: Condition, until: number): Promise<boolean> {
  const ctx = conditionContext(run);
  const kernel = needsKernel(c);
  // isolated: the work folder is inside the run's root; the init lists its top level
  const inside = needsPaths(c) && run.iso.mode === 'isolated';
  for (;;) {
    checkAbort(run);
    const inv: Inventory | undefined = kernel ? parseSnapshot(await init.snapshot(false)) : undefined;
    if (inv) noteInventory(run, inv);
    if (inside) ctx.pathType = workPathType(run, parseSnapshot(await init.workListing()).work ?? []);
    if (holds(c, ctx, inv)) return true;
    if (Date.now() >= until) return false;
    await Promise.race([run.changed, sleepUntil(Math.min(until, Date.now() + (kernel || inside ? 3 : 50)))]);
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
    pathType: hostPathType,
  };
}
