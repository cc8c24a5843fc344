// The state of one run while it is carried out, shared by its phases (harness/run/run-test.ts):
// the plan, the folder, the instances and streams, the init, and why the run stopped, if it did.
import type { SeenProcess } from '../observe/ends.js';
import type { BoundedStream } from '../capture/stream.js';
import type { Inventory } from '../observe/snapshot.js';
import { machineCpuTimes, type CpuTimes } from '../observe/cpu.js';
import type { Isolation } from '../isolate/mode.js';
import type { SpawnRequest } from '../init/protocol.js';
import type { Vars } from '../spec/template.js';
import type { InitClient } from './init-client.js';
import type { PlannedProcess, RunPlan } from './plan.js';
import type { HarnessError, IpcObjectRef, LimitHit, Observation, ProcessObservation, StepFailure } from './observation.js';
import type { TraceCapture } from './traced.js';

export interface Instance {
  id: number;
  plan: PlannedProcess;
  obs: ProcessObservation;
  spawnReq: SpawnRequest;
  holdFrom?: number;
  started: boolean;
  exited: boolean;
}

export interface Run {
  plan: RunPlan;
  iso: Isolation;
  who: { uid: number; gid: number };
  t0: bigint;
  /** Wall-clock end of the run (Date.now() scale). */
  deadline: number;
  root: string;
  work: string;
  mq: string;
  vars: Vars;
  obs: Observation;
  streams: BoundedStream[];
  streamIds: Map<string, number>;
  /** The process each of its own streams belongs to, for the timeline. */
  streamOwner: Map<string, string>;
  cursors: Map<string, number>;
  groups: Map<string, Instance[]>;
  byId: Map<number, Instance>;
  byPid: Map<number, Instance>;
  init?: InitClient;
  /** Resolves at the next event from the init; replaced each time. */
  changed: Promise<void>;
  wake: () => void;
  /** The first cause that stops the run early. */
  abort?: LimitHit;
  harnessError?: HarnessError;
  /** Why the script stopped before its end (a wait that never came true, a bad template). */
  stepFailed?: StepFailure;
  /** The index in the script of the step that stopped it (Observation.termination.step). */
  failedStep?: number;
  timedOut: boolean;
  /** Every process was blocked for good and nothing changed for this long (harness/run/pace.ts). */
  hang?: { quietMs: number };
  /** Events from the init so far: a hang is a stretch with none. */
  events: number;
  /** The script is being carried out: its steps react to what the init reports (lateMs). */
  scripting: boolean;
  /** During the script, the most any report of the init (output, start, exit) reached ipclab after the init sent it, ms. */
  lateMs: number;
  /**
   * While the script watches its processes (a kernel wait's polls, a sample right after one): when
   * it last looked (the snapshot's time, the init's clock, ns), and the longest it went between
   * two looks, ms (LoadFacts.blindMs).
   */
  lookedAt?: bigint;
  blindMs: number;
  tearingDown: boolean;
  /** Fallback mode: what existed before the test, so that only what it made is its own. */
  before?: Inventory;
  /** RLIMIT_NPROC for every process when there is no pids cgroup (0: none). */
  nprocCap: number;
  /** The init makes memfds in the scratch tmpfs (no memory cgroup): the disk limit bounds them. */
  memfdScratch: boolean;
  /** IPC objects seen last, for the timeline's "created" and "removed". */
  known: Map<string, IpcObjectRef>;
  /** Every process a snapshot of the run saw, by pid (Observation.seen): who an `exited:` wait names. */
  seen: Map<number, SeenProcess>;
  /** The start of the current wait: a hang's CPU use (the test's and the machine's) is measured from it. */
  waitStart?: { inv: Inventory; machine?: CpuTimes };
  /** A traced run: strace's text as it comes (harness/run/traced.ts). */
  trace?: TraceCapture;
}

/** Thrown to leave the script or the wait once the run must stop; the cause is in the Run. */
export class Stop extends Error {}

export function msSince(run: Run, t: bigint = process.hrtime.bigint()): number {
  return Number(t - run.t0) / 1e6;
}

/**
 * A report the init sent at `t` (its CLOCK_MONOTONIC, process.hrtime's clock) read now: during the
 * script, how late it came is how late a step reacting to it can be (a stopped or starved ipclab).
 */
export function noteLate(run: Run, t: bigint): void {
  if (run.scripting) run.lateMs = Math.max(run.lateMs, Number(process.hrtime.bigint() - t) / 1e6);
}

/** Wakes whatever waits for the next event. */
export function notify(run: Run): void {
  run.events++;
  const w = run.wake;
  run.changed = new Promise<void>((r) => (run.wake = r));
  w();
}

/** Throws Stop when the output, disk or memory limit, a harness error or a dead init ends the run. */
export function checkAbort(run: Run): void {
  if (run.abort || run.harnessError) throw new Stop();
  if (run.init?.closed) {
    run.harnessError ??= { code: 'init-exited' };
    throw new Stop();
  }
}

export function instancesOf(run: Run, name: string): Instance[] {
  return run.groups.get(name) ?? [];
}

/** ${pid:name} and ${pid:name[i]} of the processes started so far. */
export function pidVars(run: Run): Vars {
  const out: Vars = {};
  for (const inst of run.byId.values()) {
    if (inst.obs.pid === undefined) continue;
    out[`pid:${inst.obs.label}`] = String(inst.obs.pid);
    if (inst.obs.instance === 0) out[`pid:${inst.obs.name}`] = String(inst.obs.pid);
  }
  return out;
}

export function sleepUntil(t: number): Promise<void> {
  return new Promise<void>((r) => setTimeout(r, Math.max(0, t - Date.now())));
}

/** Marks the start of a wait with a snapshot and the CPUs' busy time. */
export function markWaitStart(run: Run, inv: Inventory): void {
  run.waitStart = { inv, machine: machineCpuTimes(run.plan.cpuMask) };
}
