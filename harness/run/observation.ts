// Everything a supervised run saw, without judgement. Checks read only this.
import type { Inventory, PosixEntry, SeenProcess, SysvObject } from '../observe/snapshot.js';
import type { CapturedStream } from '../capture/stream.js';
import type { Diagnosis } from '../observe/diagnose.js';
import type { TraceEvent } from '../observe/trace.js';
import type { Condition } from '../spec/types.js';

export type ExitInfo = { code: number; signal?: undefined } | { signal: string; code?: undefined };

export interface ProcessObservation {
  name: string;
  instance: number;
  label: string;
  argv: string[];
  pid?: number;
  startMs?: number;
  endMs?: number;
  exit?: ExitInfo;
  cpuMs?: number;
  /** Why the harness killed it, when it did: the first cause wins. */
  killedBy?: 'timeout' | 'output-limit' | 'disk-limit' | 'memory-limit' | 'teardown' | 'test';
  execError?: string;
  stdin?: Buffer;
}

/** A signal a step sent, and what its process sat in when it was sent (the snapshot just before). */
export interface SignalSent {
  ms: number;
  /** Full name: SIGTERM. */
  signal: string;
  pid: number;
  /** The system call it was blocked in (its main thread), if it was. */
  blockedIn?: string;
}

/** An IPC object as the timeline names it: enough to say which (grader/wording/timeline.ts words it). */
export type IpcObjectRef =
  | { family: 'sysv'; kind: SysvObject['kind']; key: number; id: number }
  | { family: 'posix'; kind: PosixEntry['kind']; name: string };

/**
 * One thing that happened during the run, as facts: grader/wording/timeline.ts says it to the
 * student. `process` is a test process's label (a name for a step or signal naming one).
 */
export type TimelineEvent = { ms: number } & (
  | { kind: 'start'; process: string; argv: string[]; pid: number }
  | { kind: 'exit'; process: string; exit: ExitInfo }
  /** A step's signal; `signal` the full name (SIGSTOP). */
  | { kind: 'signal'; process: string; signal: string }
  /** A line of a stream, the student's raw text (cut at 120 characters); `binary` when the stream held binary output instead. */
  | { kind: 'output'; stream: string; process?: string; text: string; binary?: true }
  /** A process whose parent had exited without waiting for it, reaped by the init. */
  | { kind: 'orphan'; pid: number; comm: string }
  /** A send step, as the spec gave it: `text` typed, the `rest` of standard input sent, and/or standard input closed. */
  | { kind: 'step'; process: string; text?: string; rest?: true; close?: true }
  | { kind: 'sample' }
  /** The test ran out of time: worded from Observation.termination. */
  | { kind: 'timeout' }
  | { kind: 'ipc'; change: 'created' | 'removed'; object: IpcObjectRef }
);

/**
 * Something the test made and did not remove or reap: facts only (grader/wording.ts says it to
 * the student). `creator` and `lastWriter` are the labels of the test's processes, when known.
 */
export type Leftover =
  | { kind: 'sysv'; object: SysvObject; creator?: string; lastWriter?: string }
  | { kind: 'posix'; object: PosixEntry }
  /** Still running (or a zombie) when the test's own processes had all finished. */
  /** program: what it runs (refs.ts programName: a Node program's script, not `node`). */
  | { kind: 'process'; pid: number; comm: string; program?: string; zombie: boolean; orphaned?: undefined }
  /** Reaped by the init: its parent exited without waiting for it. */
  | { kind: 'process'; pid: number; comm: string; orphaned: true; zombie?: undefined };

/** One resource bound of the test: its value, and how it was enforced or why it was not. */
export type Bound =
  | { kind: 'processes' | 'memory' | 'disk' | 'ipc'; value: string; by: string; missing?: undefined }
  | { kind: 'processes' | 'memory' | 'disk' | 'ipc'; value: string; missing: string; by?: undefined };

export interface LoadFacts {
  /** Wall time the test's processes (or ipclab) spent waiting for a CPU, credited to its timeout. */
  starvedMs: number;
  /** The part of starvedMs when ipclab's own event loop could not run (harness/run/loop-stall.ts). */
  stalledMs: number;
  wallMs: number;
  maxLoad1: number;
  /** CPUs ipclab may use (its affinity). */
  cpus: number;
  /** A budget was cut by its ceiling (the stretching could not make up for the CPU waits), and the run starved for more than a fifth of it. */
  overloaded: boolean;
  /**
   * Budgets (waits, the test's timeout; never sleeps, which always last their stretched time)
   * that ended past their own limit but before the stretched one: without load-aware time they
   * would have failed. `beyondMs`: the most any of them went past its limit.
   */
  stretched: { budgets: number; beyondMs: number };
  /**
   * During the script, the most a report of the init (output, start, exit) reached ipclab after
   * it was sent: a step reacting to it (a signal once a line is out) came at least that late.
   */
  lateMs: number;
  /** How long ipclab or the init could not run during the test (CPU waits, ipclab's stalled loop): why reports come late. */
  relayMs: number;
  /**
   * The longest the script went without a look at its processes while it watched them (a wait on
   * kernel state polls every few ms; a sample right after such a wait), ms: a process that lived
   * less than this may have come and gone unseen.
   */
  blindMs: number;
}

export interface Observation {
  mode: 'isolated' | 'fallback';
  isolation: string;
  /** The resource bounds in force (or not, and why): processes, memory, disk, System V limits. */
  bounds: Bound[];
  durationMs: number;
  processes: ProcessObservation[];
  streams: Record<string, CapturedStream>;
  /**
   * The init's id of each stream (`main`, `main.stderr`, a shared stream's name, a single
   * process's name for its stdout): a snapshot's `streams` with role `out` carry it.
   */
  streamIds: Record<string, number>;
  /** The init's id of each process label fed a stdin pipe: a snapshot's `streams` with role `in` carry it. */
  stdinIds: Record<string, number>;
  orphans: Array<{ pid: number; comm: string; ms: number; exit: ExitInfo }>;
  samples: Record<string, Inventory>;
  /** Every process a snapshot of the run saw (a wait's polls, samples, the end's), each as first seen: who a reference named. */
  seen?: SeenProcess[];
  /** Per sample, the bytes each stream held when the sample was requested (so a process that wrote them must have written at least that much). */
  sampleBytes: Record<string, Record<string, number>>;
  final?: Inventory;
  leftovers: Leftover[];
  workFiles: Array<{ name: string; type: 'file' | 'fifo' | 'dir' | 'other'; size: number }>;
  timeline: TimelineEvent[];
  /** The signals the test's steps sent, with what each process was blocked in then (diagnose.ts reasons from them). */
  signalsSent?: SignalSent[];
  /** Set when the run did not finish normally. */
  termination?: Termination;
  diagnosis?: Diagnosis;
  /** How loaded the machine was while the test ran (harness/run/pace.ts). */
  load?: LoadFacts;
  harnessError?: HarnessError;
  /** A traced run (RunPlan.trace): strace's events of every process from its exec on, in time order (harness/observe/trace.ts). */
  trace?: TraceEvent[];
  /** A traced run whose trace is missing, for each process that lacks one: why ("strace is not installed", "strace could not attach: …"). */
  traceUnavailable?: string;
  /** The trace passed RunPlan.traceBytes and was cut (harness/run/traced.ts); the init stopped tracing there. */
  traceTruncated?: boolean;
  /** Lines of the trace that were not strace's (never events). */
  traceMalformed?: number;
  vars: Record<string, string>;
}

/**
 * ipclab's own failure to run the test, as a code and what it knows (grader/wording.ts words it):
 * the init could not be started, reported an error (its own text), or exited; an exception in
 * the run or in its teardown (its message).
 */
export type HarnessError =
  | { code: 'init-start'; message: string }
  | { code: 'init'; message: string }
  | { code: 'init-exited' }
  | { code: 'internal'; message: string }
  | { code: 'teardown'; message: string };

/**
 * A resource limit the test hit, as facts: grader/wording.ts says it to the student (the harness
 * writes no student-facing sentence about it).
 */
export type LimitHit =
  | { reason: 'output-limit'; stream: string; limitBytes: number }
  /** `path` the size-limited mount that filled; `workDir` when it is the run's working directory. */
  | { reason: 'disk-limit'; limitBytes: number; path: string; workDir: boolean; /** The one tmpfs behind the working directory, /tmp, /var/tmp and /dev/shm. */ scratch?: boolean; /** A build's (its folder is in the tmpfs). */ build?: boolean; /** The scratch tmpfs held the test's memfds too (no memory cgroup). */ memfds?: boolean }
  /** `kills` the OOM kills in the test's memory cgroup. */
  | { reason: 'memory-limit'; limitBytes: number; kills: number };

/** Time credited to a stretched limit (harness/run/pace.ts): its processes waited for a CPU, and the part when ipclab itself could not run. */
export interface CpuCredit { creditMs: number; stallMs: number }

/** Why the script stopped before its end, as facts (grader/wording/hang.ts words them). */
export type StepFailure =
  /** A wait whose condition (templated) never came true within `waitedMs`. */
  | {
    kind: 'wait'; condition: Condition; waitedMs: number; credit: CpuCredit;
    /** Recognised as a hang: every process blocked, nothing changed for this long. */
    hangQuietMs?: number;
    /** The test's own time ran out during the wait, not the wait's: how long the test had run, its limit, and the CPU waits credited to it. */
    testEnded?: { elapsedMs: number; limitMs: number; credit: CpuCredit };
  }
  /** A step's template named something unknown. */
  | { kind: 'template'; error: string }
  | { kind: 'start'; processes: string[]; error: string };

/** Why the run did not finish normally: out of time (with what it waited for), or a limit hit. */
export type Termination =
  | {
    reason: 'timeout'; timeoutMs: number;
    /** The labels of the processes still running when it gave up. */
    stillRunning: string[];
    credit: CpuCredit;
    /** Recognised as a hang (every process blocked for good, quiet this long), not out of time. */
    hang?: { quietMs: number };
    step?: never; failure?: never;
  }
  | {
    reason: 'step-timeout';
    /** The index in the test's script of the step that could not be carried out. */
    step: number;
    failure: StepFailure;
    hang?: { quietMs: number };
  }
  | (LimitHit & { hang?: never; step?: never; failure?: never });

export type { Inventory, SysvObject, PosixEntry };
