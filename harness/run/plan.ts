// What a run will do, decided before anything starts: the processes (expanded by `count`),
// their command lines, environment, stdin, streams and limits, the script and the timeouts.
// A RunPlan holds no spec and no defaults any more; the run only carries it out. Command lines,
// environments and stdin text are still templates: `${dir}`, the keys and names are per run,
// and `${pid:…}` is known only once that process started.
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ms } from '../spec/duration.js';
import { template, type Vars } from '../spec/template.js';
import type { Limits, Step, StdinSpec, TestSpec } from '../spec/types.js';
import type { SpawnRequest } from '../init/protocol.js';

export interface RunOptions {
  /** Folders put first on PATH: the built programs, then the exercise's helpers. */
  pathDirs: string[];
  /** Folder of the exercise (stdin files are read from it). */
  exerciseDir: string;
  defaultTimeoutMs?: number;
  /** Address-space limit by program name (Node programs need more). */
  memoryMbFor?: (program: string) => number;
  /** Run in this existing folder instead of a fresh empty one (builds); it is not removed. */
  workDir?: string;
  /** The uid (and gid) to run as, instead of one chosen for this run. */
  as?: { uid: number; gid: number };
  /** Race exposure: busy processes on every CPU, and random delays before each start. */
  perturb?: Perturbation;
  /** The lock file runs share, and whether this run must be alone (see take_run_lock in ipclab-init.c). */
  runLock?: RunLock;
  /** Trace the processes of tests that do not say (the exercise's `trace`). */
  trace?: boolean;
  /** Trace this test whatever its spec says (`--explain`'s re-run of a failure, the benchmark's traced column). */
  traceAll?: boolean;
  /** Trace text to keep instead of the test's own limit (TRACE_LIMIT or diagramTraceBytes): the suite's small traces. */
  traceBytes?: number;
}

export interface RunLock { path: string; alone: boolean }

export interface Perturbation {
  /** Busy processes per CPU (the test's own `pressure` wins). */
  hogs: number;
  /** Up to this many milliseconds of random delay before each start step. */
  jitterMs: number;
}

/** Where a process's stdin comes from: nothing (`none`: /dev/null), or a pipe fed these bytes. */
export type StdinPlan =
  | { none: true }
  | { pipe: true; text?: string; file?: string; random?: { bytes: number; seed: number }; holdFrom?: number };

export interface PlannedProcess {
  /** The process's name in the spec, which instance of it, and its name in messages. */
  name: string;
  instance: number;
  label: string;
  /** Templates. */
  argv: string[];
  /** Templates, applied over the run's base environment (null removes a variable). */
  env: Record<string, string | null>;
  stdin: StdinPlan;
  /** Stream names (`null` and `broken` are special). */
  stdout: string;
  stderr: string;
  /** Whether stdout is this instance's own stream (not one shared or named by the spec). */
  ownStdout: boolean;
  limits: SpawnRequest['limits'];
  /** argv and env are final, never templated: a build's command line names the student's files. */
  literal?: boolean;
}

export interface RunPlan {
  timeoutMs: number;
  /** Bytes each stream may carry before the run stops. */
  outputLimit: number;
  maxProcesses: number;
  /** Size of each of the test's writable tmpfs mounts. */
  diskBytes: number;
  /** Memory cgroup limit for all the test's processes together (also bounds System V shared memory). */
  memoryBytes: number;
  /** CPUs the processes may run on (0n: any). */
  cpuMask: bigint;
  /** Busy processes to start beside the test, and where. */
  hogs?: { mask: bigint; count: number };
  /** Up to this many milliseconds of random delay before each start step. */
  jitterMs: number;
  runLock?: RunLock;
  pathDirs: string[];
  workDir?: string;
  /**
   * Isolated builds: workDir is copied into the run's scratch tmpfs and, when the run ends, back
   * out into this empty folder, so the build writes at most diskBytes on the host (fallback: unused).
   */
  buildOut?: string;
  as?: { uid: number; gid: number };
  processes: PlannedProcess[];
  /** A single-instance process's name standing for the stream its stdout was given. */
  aliases: Array<[alias: string, stream: string]>;
  script: Step[];
  /** Processes the script types to: their stdin stays open until the script closes it or ends. */
  interactive: string[];
  /** Every process is traced with strace from its exec on (Observation.trace). */
  trace: boolean;
  /** What the spec's timeouts (the test's and each wait's) are multiplied by: TRACE_TIME_FACTOR when traced, else 1. */
  timeFactor: number;
  /** Bytes of trace text the run keeps; past them the init detaches the tracers and the trace is cut (traceTruncated). */
  traceBytes: number;
}

/** Trace text a run keeps when a `trace:` check judges it: all of it matters (harness/run/traced.ts cuts there). */
export const TRACE_LIMIT = 32 * 1024 * 1024;
/**
 * Trace text a run keeps when only its diagram needs it (no `trace:` check): every process's
 * start (a Node program's is ~48 KB of trace) and 1 MiB of what they did. A diagram draws at most
 * 200 arrows and 200 marks, and every system call of a traced process stops for strace, so the
 * rest runs untraced: pipe-sync's 50000 turns were 38× slower traced to the end, ~3× with 1 MiB.
 */
export function diagramTraceBytes(processes: number): number {
  return 1024 * 1024 + processes * 64 * 1024;
}

/**
 * A traced process stops at every system call for strace (ptrace): measured, a C pipe ping-pong
 * (pipe-sync's tellwait 50000) takes 0.23 s alone, 9 s under strace, ~26 s under a traced ipclab
 * run on a loaded 2-CPU machine. Its timeouts, written for untraced runs, stretch by this much.
 */
export const TRACE_TIME_FACTOR = 4;

const DEFAULT_OUTPUT_LIMIT = 16 * 1024 * 1024;
const DEFAULT_MAX_PROCESSES = 1024;
const MiB = 1024 * 1024;
const DEFAULT_DISK_MB = 256;
const DEFAULT_MEMORY_MB = 1024;

/** Whether a run of this test is traced: forced, else the test's own `trace`, else the exercise's. */
export function traced(test: TestSpec, opts: Pick<RunOptions, 'trace' | 'traceAll'>): boolean {
  return !!opts.traceAll || (test.trace ?? opts.trace ?? false);
}

export function planRun(test: TestSpec, opts: RunOptions): RunPlan {
  const trace = traced(test, opts);
  const timeFactor = trace ? TRACE_TIME_FACTOR : 1;
  const timeoutMs = ms(test.timeout, opts.defaultTimeoutMs ?? 10000) * timeFactor;
  const cpuMask = pressureMask(test.pressure?.cpus);
  const processes = Object.entries(test.processes).flatMap(([name, spec]) =>
    Array.from({ length: spec.count ?? 1 }, (_, i): PlannedProcess => {
      const label = (spec.count ?? 1) > 1 ? `${name}[${i}]` : name;
      return {
        name, instance: i, label, argv: spec.run, env: spec.env ?? {},
        stdin: stdinPlan(spec.stdin, opts.exerciseDir),
        stdout: spec.stdout ?? label, stderr: spec.stderr ?? `${label}.stderr`, ownStdout: !spec.stdout,
        limits: processLimits(spec.limits, opts.memoryMbFor?.(spec.run[0]), timeoutMs),
      };
    }));
  return {
    timeoutMs, cpuMask,
    outputLimit: test.output_limit ?? DEFAULT_OUTPUT_LIMIT,
    maxProcesses: test.max_processes ?? DEFAULT_MAX_PROCESSES,
    diskBytes: (test.disk_limit_mb ?? DEFAULT_DISK_MB) * MiB,
    memoryBytes: (test.memory_limit_mb ?? DEFAULT_MEMORY_MB) * MiB,
    hogs: hogsFor(test, opts, cpuMask),
    jitterMs: opts.perturb?.jitterMs ?? 0,
    runLock: opts.runLock,
    pathDirs: opts.pathDirs, workDir: opts.workDir, as: opts.as,
    processes, aliases: aliases(test),
    script: test.script?.length ? test.script : [{ start: Object.keys(test.processes) }],
    interactive: [...new Set((test.script ?? []).flatMap((s) => (s.send ? [s.send.process] : [])))],
    trace, timeFactor,
    traceBytes: !trace ? 0 : opts.traceBytes ?? (test.checks.some((c) => 'trace' in c) ? TRACE_LIMIT : diagramTraceBytes(processes.length)),
  };
}

/** One command, alone, in an existing folder: how a build runs `make` or `cc` (no spec). */
/** readOnly: host folders the command reads, bound read-only in its root (on its PATH, like a test's helpers). */
export function commandPlan(argv: string[], o: { workDir: string; buildOut?: string; as: { uid: number; gid: number }; timeoutMs: number; limits: Limits; diskBytes?: number; readOnly?: string[] }): RunPlan {
  return {
    timeoutMs: o.timeoutMs, outputLimit: DEFAULT_OUTPUT_LIMIT, maxProcesses: DEFAULT_MAX_PROCESSES,
    diskBytes: o.diskBytes ?? DEFAULT_DISK_MB * MiB, memoryBytes: DEFAULT_MEMORY_MB * MiB, cpuMask: 0n, jitterMs: 0,
    pathDirs: o.readOnly ?? [], workDir: o.workDir, buildOut: o.buildOut, as: o.as,
    processes: [{
      name: 'build', instance: 0, label: 'build', argv, env: {}, stdin: { none: true },
      stdout: 'build', stderr: 'build.stderr', ownStdout: true, limits: processLimits(o.limits, undefined, o.timeoutMs), literal: true,
    }],
    aliases: [], script: [{ start: ['build'] }], interactive: [], trace: false, timeFactor: 1, traceBytes: 0,
  };
}

/** The environment every process starts from: the spec's `env` applies over it. */
export function baseEnv(pathDirs: string[], work: string): Record<string, string> {
  return { PATH: [...pathDirs, '/usr/local/bin', '/usr/bin', '/bin'].join(':'), HOME: work, LANG: 'C.UTF-8', TMPDIR: work };
}

/** Command line and environment with the run's values in; `${pid:…}` is left for the start. */
export function fillProcess(p: PlannedProcess, vars: Vars, base: Record<string, string>): { argv: string[]; env: Record<string, string> } {
  const v = { ...vars, i: String(p.instance) };
  const fill = (s: string) => (p.literal ? s : template(s, v, true));
  const argv = p.argv.map(fill);
  const env = { ...base };
  for (const [k, val] of Object.entries(p.env)) {
    if (val === null) delete env[k];
    else env[k] = fill(val);
  }
  return { argv, env };
}

function stdinPlan(s: StdinSpec | 'none' | undefined, exerciseDir: string): StdinPlan {
  if (s === 'none') return { none: true };
  if (!s) return { pipe: true };
  const file = s.file !== undefined ? join(exerciseDir, s.file) : undefined;
  return { pipe: true, text: s.text, file, random: s.random, holdFrom: s.hold_from };
}

function processLimits(l: Limits | undefined, programMb: number | undefined, timeoutMs: number): SpawnRequest['limits'] {
  return {
    cpuSeconds: l?.cpu_seconds ?? Math.ceil(timeoutMs / 1000) + 5,
    addressSpace: (l?.memory_mb ?? programMb ?? 1024) * 1024 * 1024,
    fileSize: (l?.file_mb ?? 256) * 1024 * 1024,
    openFiles: l?.open_files ?? 256,
    processes: l?.processes ?? 0,
  };
}

function hogsFor(test: TestSpec, opts: RunOptions, cpuMask: bigint): RunPlan['hogs'] {
  if (test.pressure?.hogs) return { mask: cpuMask || allCpus(), count: test.pressure.hogs * Math.max(1, test.pressure.cpus ?? cpus().length) };
  if (opts.perturb?.hogs) return { mask: allCpus(), count: opts.perturb.hogs * cpus().length };
  return undefined;
}

/** So that checks can name a single process's stdout by the process's name. */
function aliases(test: TestSpec): RunPlan['aliases'] {
  const out: RunPlan['aliases'] = [];
  for (const [name, s] of Object.entries(test.processes)) {
    if ((s.count ?? 1) === 1 && s.stdout && s.stdout !== name) out.push([name, s.stdout]);
  }
  return out;
}

export function allCpus(): bigint {
  return (1n << BigInt(Math.min(64, cpus().length))) - 1n;
}

/** The last n CPUs: confined tests leave the first ones to everything else. */
function pressureMask(n: number | undefined): bigint {
  if (!n) return 0n;
  const total = Math.min(64, cpus().length);
  let mask = 0n;
  for (let c = Math.max(0, total - n); c < total; c++) mask |= 1n << BigInt(c);
  return mask;
}
