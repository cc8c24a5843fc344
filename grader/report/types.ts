// What a reporter is and what it hands back. Only types and the lists of their values: each
// format's file imports these, and the registry (report/index.ts) imports the formats, so no import
// runs back from a format to the registry.
import type { GradeResult } from '../model.js';

/** Every report format, in the order --help and error messages list them; report/index.ts must register each. */
export type ReportFormat = 'terminal' | 'json' | 'classroom' | 'classroom50' | 'gradescope' | 'junit' | 'github' | 'html';

export interface ReportContext {
  color: boolean;
  verbose: boolean;
  /** The environment (GITHUB_*, CLASSROOM, ASSIGNMENT…): injected so tests can fake CI. */
  env: Record<string, string | undefined>;
  /** Choices of a format's shape (command-line options); each has a default. */
  options?: ReportOptions;
}

/** Which JUnit schema junit.xml follows: Jenkins xunit's junit-10.xsd, or Ant's (stricter). */
export type JunitFlavour = 'jenkins' | 'ant';
export const JUNIT_FLAVOURS: JunitFlavour[] = ['jenkins', 'ant'];

/** Gradescope's test visibilities (results.json `visibility`). */
export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';
export const GRADESCOPE_VISIBILITIES: GradescopeVisibility[] = ['hidden', 'after_due_date', 'after_published', 'visible'];

export interface ReportOptions {
  junitFlavour?: JunitFlavour;
  /** The visibility of hidden tests worth points in results.json (default after_published). */
  gradescopeHidden?: GradescopeVisibility;
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
