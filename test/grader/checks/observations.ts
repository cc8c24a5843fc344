// Hand-made Observations for the check kinds' unit tests: no process runs.
import type { Observation, ProcessObservation, Termination } from '../../../harness/run/observation.js';
import type { Diagnosis, ProcessDiagnosis } from '../../../harness/observe/diagnose.js';
import type { Inventory, ProcessState } from '../../../harness/observe/snapshot.js';
import type { CapturedStream } from '../../../harness/capture/stream.js';
import type { Condition, ProcessSpec, TestSpec } from '../../../harness/spec/types.js';
import { makeContext, type CheckContext } from '../../../grader/checks/context.js';

export function proc(name: string, over: Partial<ProcessObservation> = {}): ProcessObservation {
  const instance = over.instance ?? 0;
  return { name, instance, label: over.label ?? name, argv: [name], pid: 100 + instance, exit: { code: 0 }, ...over };
}

export function stream(text: string | Buffer): CapturedStream {
  const head = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { name: 's', head, tail: Buffer.alloc(0), totalBytes: head.length, truncated: false };
}

export function inventory(over: Partial<Inventory> = {}): Inventory {
  return { t: 0n, sysv: [], posix: [], processes: [], malformed: 0, ...over };
}

export function processState(pid: number, over: Partial<ProcessState> = {}): ProcessState {
  return { pid, ppid: 1, comm: 'p', state: 'S', cpuTicks: 0, startTicks: 0, running: false, wchan: '', cmdline: '', argv: [], fds: [], maps: [], threads: [], ...over };
}

export function observation(over: Partial<Observation> = {}): Observation {
  return {
    mode: 'isolated', isolation: 'test', durationMs: 1, processes: [], streams: {}, streamIds: {}, stdinIds: {}, orphans: [], samples: {}, sampleBytes: {},
    final: inventory(), leftovers: [], workFiles: [], timeline: [], vars: { dir: '/w' }, bounds: [], ...over,
  };
}

export function testSpec(processes: Record<string, Partial<ProcessSpec>> = {}): TestSpec {
  const procs = Object.fromEntries(Object.entries(processes).map(([k, v]) => [k, { run: [k], ...v }]));
  return { name: 't', title: 't', points: 1, processes: procs, checks: [] };
}

export function context(obs: Partial<Observation>, processes: Record<string, Partial<ProcessSpec>> = {}): CheckContext {
  return makeContext(observation(obs), testSpec(processes));
}

/** A wait step (at `step`) that gave up after `waitedMs` on `condition`: the facts the harness records. */
export function waitGaveUp(step: number, condition: Condition = { output: { stream: 'server', line: 'ready' } }, waitedMs = 5000): Extract<Termination, { reason: 'step-timeout' }> {
  return { reason: 'step-timeout', step, failure: { kind: 'wait', condition, waitedMs, credit: { creditMs: 0, stallMs: 0 } } };
}

/** The test's own timeout, with these processes still running. */
export function outOfTime(timeoutMs = 2000, stillRunning: string[] = ['main']): Extract<Termination, { reason: 'timeout' }> {
  return { reason: 'timeout', timeoutMs, stillRunning, credit: { creditMs: 0, stallMs: 0 } };
}

/** A diagnosis of these processes (the standstill of a mix unless said). */
export function diagnosisOf(processes: ProcessDiagnosis[], over: Partial<Diagnosis> = {}): Diagnosis {
  return { processes, standstill: 'mixed', testCpuS: 0, ...over };
}
