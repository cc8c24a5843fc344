// What a reporter is and what it hands back. Only types: each format's file imports these, and the
// registry (report/index.ts) imports the formats, so no import runs back from a format to the registry.
import type { GradeResult } from '../model.js';

/** Every report format, in the order --help and error messages list them; report/index.ts must register each. */
export type ReportFormat = 'terminal' | 'json' | 'classroom' | 'classroom50' | 'gradescope' | 'junit' | 'github' | 'html';

export interface ReportContext {
  color: boolean;
  verbose: boolean;
  /** The environment (GITHUB_*, CLASSROOM, ASSIGNMENT…): injected so tests can fake CI. */
  env: Record<string, string | undefined>;
}

/** What a reporter wants written; every part optional. */
export interface ReportOutput {
  /** Files in the report folder: name → content. */
  files?: Record<string, string>;
  /** Text for standard output (the terminal report, workflow commands such as ::error). */
  stdout?: string;
  /** Warnings for standard error (never part of a report that is read back). */
  stderr?: string;
  /** Step outputs appended to $GITHUB_OUTPUT (name → value). */
  githubOutput?: Record<string, string>;
  /** Markdown appended to $GITHUB_STEP_SUMMARY. */
  stepSummary?: string;
}

export interface Reporter<F extends ReportFormat = ReportFormat> {
  name: F;
  description: string;
  render(result: GradeResult, ctx: ReportContext): ReportOutput;
}

/** One reporter per format, under its own name: a format left out, or misnamed, does not compile. */
export type ReporterRegistry = { readonly [F in ReportFormat]-?: Reporter<F> };
