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
  /** Hints for known failure signatures (grader/hints.yaml and the exercise's own). */
  hints?: string[];
  timeline?: Array<{ ms: number; kind: string; process?: string; stream?: string; text: string }>;
  /** The resource bounds in force for it (grader/wording.ts boundLine). */
  bounds?: string[];
  /** For repeated tests: runs and failures. */
  runs?: { total: number; failed: number };
  /** The first run failed by time on an overloaded machine: this verdict is that of a re-run alone. */
  rerun?: { load: string; firstReason?: string };
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
