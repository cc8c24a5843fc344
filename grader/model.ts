// The one result model every reporter formats. Versioned: the JSON report is this object.
export const RESULT_VERSION = 1;

export type Status = 'passed' | 'failed' | 'error' | 'skipped';
export type Detail = 'full' | 'actual-only' | 'none';

export interface Finding {
  /** What was checked, in a student's words. */
  title: string;
  passed: boolean;
  expected?: string;
  actual?: string;
  /** Why it failed, one or two sentences. */
  rationale?: string;
  hint?: string;
  /** A bounded unified diff of expected vs actual. */
  diff?: string;
  /** Set on the one summary of checks that could not be made (a process never started): neither pass nor fail. */
  notChecked?: { count: number; because: string };
  /** A fault of ipclab inside a check (not the student's): the test is `error`, not failed. */
  internal?: boolean;
  /** The id of the cause this finding names (grader/causes.yaml), when a rule inferred one. */
  cause?: string;
  /**
   * It failed because the snapshots it rests on never showed a process: one that lived less than
   * the longest the run went without a look (LoadFacts.blindMs) may have been missed, so on a
   * loaded machine the test is re-run alone before the failure stands.
   */
  sampled?: true;
}

export interface ProcessSummary {
  label: string;
  argv: string[];
  pid?: number;
  exit?: { code?: number; signal?: string };
  killedBy?: string;
  startMs?: number;
  endMs?: number;
  cpuMs?: number;
}

export interface TestResult {
  name: string;
  title: string;
  status: Status;
  points: number;
  maxPoints: number;
  /** The first reason it did not pass, one line. */
  reason?: string;
  findings: Finding[];
  durationMs: number;
  hidden: boolean;
  detail: Detail;
  processes: ProcessSummary[];
  diagnosis?: string;
  /** The diagnosis as facts without pids, numbers, keys and folders (grader/same-cause.ts): tests with equal shapes share a cause. */
  diagnosisShape?: string;
  /**
   * The run stopped because a wait never came true or the test ran out of time (not a limit,
   * not a step that could not be carried out): its diagnosis is the cause, and leads what a
   * student reads, before what the test waited for (`reason`).
   */
  gaveUp?: true;
  /** Hints for known failure signatures (grader/hints.yaml and the exercise's own). */
  hints?: string[];
  /**
   * A test that gave up, and a hint that names its cause (the first with a `cause`): that hint,
   * with the facts it rests on. It comes first, before `reason` and the diagnosis, which are its
   * evidence (and it is then not in `hints`).
   */
  lead?: string;
  /** The id of the leading cause of its failure (grader/causes.yaml), when one was inferred. */
  cause?: string;
  timeline?: Array<{ ms: number; kind: string; process?: string; stream?: string; text: string }>;
  /** The resource bounds in force for it (grader/wording.ts boundLine). */
  bounds?: string[];
  /** For repeated tests: runs and failures; `of`: the runs asked for, when `--repeat`'s budget (GradeOptions.repeatBudgetMs) ended them sooner. */
  runs?: { total: number; failed: number; of?: number };
  /** The first run failed by time on an overloaded machine: this verdict is that of a re-run alone. */
  rerun?: { load: string; firstReason?: string };
  /** It passed only because budgets were stretched by its processes' CPU waits (LoadFacts.stretched): how many, and by how much at most. */
  stretched?: { budgets: number; beyondMs: number };
  /** What the test's processes did, in time: the sequence diagram (grader/sequence.ts builds it; reporters draw it). */
  sequence?: Sequence;
  /**
   * `--explain`: this failed test ran untraced, so it was run once more traced for its diagram
   * (`sequence` is then that run's); how that run went, and the line saying so. Never changes
   * the verdict or the points.
   */
  retraced?: { outcome: 'same' | 'other' | 'passed' | 'error'; text: string };
}

/**
 * A sequence diagram of one run, built from the Observation (timeline, samples, and the trace
 * when the test was traced). Times are ms since the run began. Lane ids are stable within one
 * Sequence; labels are what the student reads (the test's names; others by program and parent:
 * "`add2`, child of `driver`"). Every text a student's program chose is already made safe for
 * words (shown()), but reporters still escape it for their format.
 */
export interface Sequence {
  /** True when a trace fed it (arrows for bytes and messages); false: only what the harness saw. */
  traced: boolean;
  /** Run length, for the axis. */
  endMs: number;
  lanes: SequenceLane[];
  arrows: SequenceArrow[];
  marks: SequenceMark[];
  /** IPC objects' lifetimes (created → removed, or left behind). */
  objects: SequenceObject[];
  /** Said when something could not be drawn (a trace cut short, bytes that no call accounts for). */
  notes?: string[];
}

export interface SequenceLane {
  id: string;
  label: string;
  /** The lane of its parent, for processes the test did not start itself. */
  parent?: string;
  startMs?: number;
  endMs?: number;
  /** Periods stopped by SIGSTOP (or still stopped at the end: [start, endMs]). */
  stopped: Array<[number, number]>;
  /** How it ended; `expected`: the test's checks wanted exactly this (drawn as an ordinary end, not a failure). */
  exit?: { code?: number; signal?: string; expected?: boolean };
}

export interface SequenceArrow {
  kind: 'pipe' | 'fifo' | 'message' | 'signal' | 'stdin' | 'stdout';
  /** Lane ids; `test` is the test itself (its input and the output it reads). */
  from: string;
  to: string;
  /** When it left and when it arrived. */
  startMs: number;
  endMs: number;
  /** "12 bytes", "type 4242", "SIGTERM", "prio 9". */
  label: string;
  /** What hovering shows: the calls and their arguments. */
  detail?: string;
}

export interface SequenceMark {
  lane: string;
  ms: number;
  kind: 'start' | 'exit' | 'signal' | 'output' | 'step' | 'sample' | 'timeout' | 'ipc' | 'call';
  label: string;
  detail?: string;
  /** A failure the student should look at (drawn red). */
  bad?: boolean;
}

export interface SequenceObject {
  label: string;
  startMs?: number;
  endMs?: number;
  leftover: boolean;
}

export interface BuildSummary {
  status: 'built' | 'failed' | 'no-folder';
  log: string;
  missing: Record<string, string>;
  durationMs: number;
}

export interface ExerciseResult {
  id: string;
  title: string;
  build: BuildSummary;
  tests: TestResult[];
  points: number;
  maxPoints: number;
}

export interface GradeResult {
  version: typeof RESULT_VERSION;
  tool: { name: 'ipclab'; version: string };
  submission: string;
  startedAt: string;
  durationMs: number;
  isolation: IsolationRecord;
  /** What a regrade or an appeal needs to reproduce this grade (absent in results of before). */
  provenance?: Provenance;
  exercises: ExerciseResult[];
  points: number;
  maxPoints: number;
  counts: Record<Status, number>;
  /** passed: every test passed; failed: some did not; error: grading itself failed somewhere. */
  status: 'passed' | 'failed' | 'error';
  errors: string[];
}

export interface IsolationRecord {
  mode: 'isolated' | 'fallback';
  /** root, sudo, userns or fallback (absent in results of before). */
  kind?: 'root' | 'sudo' | 'userns' | 'fallback';
  description: string;
  /** Fallback mode: each protection an isolated mode gives that this grading did without. */
  missing?: string[];
}

export interface Provenance {
  /** The Node.js that ran ipclab (and TypeScript programs). */
  node: string;
  /** Each exercise graded: its spec file's sha256, as read for this grading. */
  specs: Array<{ exercise: string; sha256: string }>;
  /** The bounds in force in its runs, each said once (the process cap, rlimits, ...). */
  bounds: string[];
}
