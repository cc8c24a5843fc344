// Reporters are plug-ins over one GradeResult: a new format is one file plus one line here.
// A reporter only formats: it returns what to write, and report/write.ts does the writing.
import type { GradeResult } from '../model.js';
import { renderTerminal } from './terminal.js';
import { renderJson } from './json.js';
import { classroomReporter } from './classroom.js';
import { classroom50Reporter } from './classroom50.js';
import { gradescopeReporter } from './gradescope.js';
import { junitReporter } from './junit.js';
import { githubReporter } from './github.js';
import { renderHtml } from './html.js';

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
  /** Step outputs appended to $GITHUB_OUTPUT (name → value). */
  githubOutput?: Record<string, string>;
  /** Markdown appended to $GITHUB_STEP_SUMMARY. */
  stepSummary?: string;
}

export interface Reporter {
  name: string;
  description: string;
  render(result: GradeResult, ctx: ReportContext): ReportOutput;
}

export const REPORTERS: Record<string, Reporter> = {
  terminal: { name: 'terminal', description: 'the report for people, on standard output', render: (r, ctx) => ({ stdout: renderTerminal(r, ctx) }) },
  json: { name: 'json', description: 'the full result model (result.json)', render: (r) => ({ files: { 'result.json': renderJson(r) } }) },
  classroom: classroomReporter,
  classroom50: classroom50Reporter,
  gradescope: gradescopeReporter,
  junit: junitReporter,
  github: githubReporter,
  html: { name: 'html', description: 'report.html: every test with a timeline picture of its run', render: (r) => ({ files: { 'report.html': renderHtml(r) } }) },
};
