// The exercise spec as written in exercise.yaml (validated by exercises/schema.json).
export type Duration = string | number; // "500ms", "2s", or milliseconds

export type Detail = 'full' | 'actual-only' | 'none';

export interface ExerciseSpec {
  id: string;
  title: string;
  programs: string[];
  timeout?: Duration;
  detail?: Detail;
  /** Trace every test's processes with strace (a test's own `trace` wins). */
  trace?: boolean;
  /** What the statement forbids and requires: a hint that contradicts it is never shown. */
  forbids?: Practice[];
  requires?: Practice[];
  hints?: Hint[];
  tests: TestSpec[];
}

/** A practice an exercise's statement can forbid or require (docs/authoring.md, "Statement flags"). */
export type Practice = 'SEM_UNDO' | 'SETVAL' | 'IPC_NOWAIT' | 'O_NONBLOCK' | 'keep-fifo-write-end';

export type ObjectKind = 'msg' | 'sem' | 'shm' | 'mq' | 'posix-shm' | 'posix-sem';

/**
 * Facts of a failing run a hint is conditioned on (grader/hints.ts): every key given must hold.
 * `all`, `any` and `not` combine rules; the flat form is the `all` of its keys.
 */
export interface HintWhen {
  test?: string | string[];
  /** At the end a process is blocked in `call` (`a|b`: either); `on` a pipe or a FIFO, to read or write (for open: its access mode). */
  blocked?: { process?: string; call: string; on?: 'pipe' | 'fifo'; access?: 'read' | 'write' };
  /** A process was killed by the signal (not by ipclab; a SIGTERM the test sent counts). */
  signal?: { process?: string; signal: string };
  /** A process ended: with `code`, killed by `signal`, or at all. */
  exit?: { process: string; code?: number; signal?: string };
  /** An IPC object of this kind existed at the end. */
  object?: ObjectKind;
  leftover?: 'sysv' | 'posix' | 'process' | ObjectKind;
  /** At most `bytes` reached `stream` (default: the streams the wait that timed out waited on). */
  wrote?: { stream?: string; bytes: 0 | { max: number } };
  output?: { stream: string; matches: string };
  timeout?: boolean;
  'step-timeout'?: boolean;
  /** A Node program got an ending signal during a synchronous call it never left (ProcessDiagnosis.node.signalsUnhandled). */
  'signal-unhandled'?: boolean;
  all?: HintWhen[];
  any?: HintWhen[];
  not?: HintWhen;
}

export interface Hint {
  when: HintWhen;
  text: string;
  /** A cause id of grader/causes.yaml. */
  cause?: string;
  /** When it matches, no other hint is shown beside it. */
  alone?: boolean;
  /** Never shown where the statement forbids one of these. */
  suggests?: Practice[];
  /** Never shown where the statement requires one of these. */
  contradicts?: Practice[];
  /** Shown only where the statement requires all of these. */
  needs?: Practice[];
}

export interface TestSpec {
  name: string;
  title: string;
  points: number;
  timeout?: Duration;
  detail?: Detail;
  hidden?: boolean;
  output_limit?: number;
  /** Check that nothing (IPC object, process, FIFO) is left behind; default true. */
  cleanup?: boolean;
  repeat?: number;
  max_processes?: number;
  /** MiB the test may write in its working directory, /tmp, /var/tmp and /dev/shm together (one scratch tmpfs); default 256. */
  disk_limit_mb?: number;
  /** Memory of all the test's processes together (memory cgroup), in MiB; default 1024. */
  memory_limit_mb?: number;
  pressure?: { cpus?: number; hogs?: number };
  /** Trace the test's processes with strace (Observation.trace); default: the exercise's `trace`, else false. */
  trace?: boolean;
  /** Student programs stood in for by the exercise's helpers in this test: program name → helper name (first on PATH). */
  replace?: Record<string, string>;
  processes: Record<string, ProcessSpec>;
  script?: Step[];
  checks: Check[];
}

export interface StdinSpec {
  text?: string;
  file?: string;
  random?: { bytes: number; seed: number };
  /** Send only the first N bytes; the rest waits for a `send: {rest: true}` step. */
  hold_from?: number;
}

export interface Limits {
  cpu_seconds?: number;
  memory_mb?: number;
  file_mb?: number;
  open_files?: number;
  processes?: number;
}

export interface ProcessSpec {
  run: string[];
  count?: number;
  env?: Record<string, string | null>;
  stdin?: StdinSpec | 'none';
  stdout?: string;
  stderr?: string;
  limits?: Limits;
}

export interface OutputCondition { stream: string; line?: string; contains?: string; matches?: string; text_matches?: string }
export interface SysvCondition { type: 'msg' | 'sem' | 'shm'; key: string; messages?: number; attached?: number; absent?: boolean }
export interface PosixCondition { type: 'mq' | 'shm' | 'sem'; name: string; absent?: boolean }
/** `process` is a process reference (harness/observe/refs.ts); `on`: the futex lies in a mapping of this file, or is the POSIX semaphore or shared memory object of this name. */
export interface BlockedCondition { process: string; call: string; on?: string }

export interface Condition {
  output?: OutputCondition;
  path?: string;
  fifo?: string;
  sysv?: SysvCondition;
  posix?: PosixCondition;
  blocked?: BlockedCondition;
  exited?: string;
  stopped?: string;
  all?: Condition[];
  /** One of them (a process blocked in a call, or already gone). */
  any?: Condition[];
}

export interface Step {
  start?: string | string[];
  together?: boolean;
  wait?: Condition;
  sleep?: Duration;
  signal?: { process: string; signal: string; group?: boolean };
  send?: { process: string; text?: string; rest?: boolean; close?: boolean };
  sample?: string;
  timeout?: Duration;
}

export interface OutputCheck {
  stream: string;
  equals?: string;
  contains?: string;
  matches?: string;
  lines?: string[];
  lines_in_order?: string[];
  line_set?: string[] | { range: [number, number] };
  lines_from?: string[];
  order?: Array<[string, string]>;
  same_bytes_as_stdin_of?: string;
  empty?: boolean;
  line_count?: number | { min?: number; max?: number };
  /** Ignore an unterminated last line (a process killed mid-line). */
  ignore_partial_last_line?: boolean;
}

export interface ExitCheck { process: string; code?: number; signal?: string }
export type SysvCheck = SysvCondition & { sample?: string; values?: number[] };
export type PosixCheck = PosixCondition & { sample?: string };
export type BlockedCheck = BlockedCondition & { sample: string };
export interface FilesCheck { absent?: string[]; present?: string[] }
/** `first` and `then` are process references (harness/observe/refs.ts). */
export interface ExitOrderCheck { first: string; then: string }
/** Evidence of the mechanism, at a sample (every `process` is a process reference, harness/observe/refs.ts). */
export interface ChildrenCheck { process: string; count: number; program?: string; sample: string }
export interface PipeCheck { from?: string; to?: string; fifo?: string; only?: boolean; sample: string }
export interface FdsCheck { process: string; fd?: number; stream?: string; only?: number[]; sample: string }
export type MappingKind = 'anonymous' | 'file' | 'sysv' | 'posix' | 'memfd';
export interface MappingCheck { processes: string[]; kind?: MappingKind; sample: string }
export interface WroteCheck { process: string; stream: string; sample: string }
/**
 * Evidence from the trace (the test or exercise must say `trace: true`): exactly one of
 * `stdout_from` (with `stream`), `message_types` (with `process`), or `pipe`.
 */
export interface TraceCheck {
  /** Every byte of `stream` was written by the processes this reference names. */
  stdout_from?: string;
  stream?: string;
  /** Each message the processes of `process` received had their own pid as its type. */
  message_types?: 'own_pid';
  process?: string;
  /** Bytes went from `from` to `to` through an anonymous pipe. */
  pipe?: { from: string; to: string };
}

/**
 * Every check kind, by its key in a check. A kind declared here must be registered in
 * grader/checks/index.ts and harness/spec/check-refs.ts (the compiler says so) and have its
 * schema fragment in grader/checks/<kind>.ts (`npm run schema` writes exercises/schema.json).
 */
export interface CheckSpecs {
  exit: ExitCheck;
  output: OutputCheck;
  sysv: SysvCheck;
  posix: PosixCheck;
  blocked: BlockedCheck;
  files: FilesCheck;
  children: ChildrenCheck;
  pipe: PipeCheck;
  fds: FdsCheck;
  mapping: MappingCheck;
  wrote: WroteCheck;
  trace: TraceCheck;
  exit_order: ExitOrderCheck;
}

export type CheckKindName = keyof CheckSpecs;

/**
 * One check: exactly one kind's key (the schema's oneOf), plus an optional title and `why`: the
 * sentence of the contract it enforces, said after the cause when it fails.
 */
export type Check = { title?: string; why?: string } & Partial<CheckSpecs>;
