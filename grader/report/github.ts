// GitHub Actions: a Markdown job summary ($GITHUB_STEP_SUMMARY) and at most ten `::error`
// workflow commands, which GitHub shows as annotations (it keeps 10 error annotations per step):
// grading errors, each distinct compiler error at its file and line, failed tests, then the tests
// that did not run, once per exercise.
// Outside GitHub Actions (GITHUB_ACTIONS is not 'true') it renders nothing.
import { posix } from 'node:path';
import type { GradeResult, TestResult } from '../model.js';
import type { ReportContext, Reporter, ReportOutput } from './types.js';
import { MARK, blocksToMarkdown, fence, htmlText, mdCell, mdText } from './markdown.js';
import { clip, errorLines, studentBlocks, studentView, testLabel } from './student-view.js';
import { visible } from './untrusted.js';
import { FALLBACK_HEADLINE, missingProtections, provenanceLine } from './provenance.js';
import { COULD_NOT_FINISH, COULD_NOT_FINISH_NOT_YOURS, couldNotBeRun, notRunTitle, notYourFault } from '../wording.js';

export const MAX_ANNOTATIONS = 10;
/** GitHub refuses a step summary over 1 MiB; stay well below. */
export const MAX_SUMMARY = 900_000;
const MAX_BLOCK = 5000;
const MAX_ANNOTATION = 1000;

/** Workflow-command data: % CR LF escaped (actions/toolkit packages/core/src/command.ts). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: also : and , escaped. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error` command; properties (file, line, col, title) in that order, each escaped. */
export function errorCommand(title: string, message: string, at: SourcePlace = {}): string {
  const props = [...Object.entries(at).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${escapeProperty(String(v))}`), `title=${escapeProperty(title)}`];
  return `::error ${props.join(',')}::${escapeData(message)}\n`;
}

/** Where an annotation sits in the repository (GitHub draws it at that line of that file). */
export interface SourcePlace {
  file?: string;
  line?: number;
  col?: number;
}

export interface CompileError {
  /** As the build log names it: from the submission's top (`msgq-ping-pong/msg_client.c`). */
  file: string;
  line: number;
  col?: number;
  message: string;
}

/** gcc's and clang's `file:line[:col]: [fatal ]error: message`, as the build log keeps it (grader/build/log.ts). */
const COMPILER_ERROR = /^\s*([^\s:][^:]*):(\d+)(?::(\d+))?: (?:fatal )?error: ([^\n]+)$/;
/** A TypeScript program that does not transpile (grader/build/build.ts): its file named from the exercise's folder. */
const TYPESCRIPT_ERROR = /^TypeScript: ([^\s:][^:]*\.ts):(\d+):(\d+): ([^\n]+)$/;

/** The distinct compiler errors of an exercise's build log, in order, files named from the submission's top. */
export function compileErrors(log: string, exercise = ''): CompileError[] {
  const seen = new Set<string>();
  const out: CompileError[] = [];
  for (const l of log.split('\n')) {
    const c = COMPILER_ERROR.exec(l);
    const t = c ? undefined : TYPESCRIPT_ERROR.exec(l);
    const m = c ?? t;
    if (!m) continue;
    const file = t && exercise ? `${exercise}/${m[1]}` : m[1];
    const e: CompileError = { file, line: Number(m[2]), col: m[3] ? Number(m[3]) : undefined, message: m[4] };
    const key = `${e.file}\0${e.line}\0${e.col}\0${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/**
 * A file of the submission as a path from the repository's top (GITHUB_WORKSPACE), where GitHub
 * looks for it; undefined when it lies outside (the annotation then names no file).
 */
export function repositoryPath(file: string, submission: string, env: Record<string, string | undefined>): string | undefined {
  const joined = posix.normalize(posix.join(submission, file));
  const path = posix.isAbsolute(joined) ? (env.GITHUB_WORKSPACE ? posix.relative(env.GITHUB_WORKSPACE, joined) : undefined) : joined;
  return path && !path.startsWith('../') && path !== '..' && !posix.isAbsolute(path) ? path : undefined;
}

/** A test that never started (its programs were not built, or not there): it has no run to speak of. */
const didNotRun = (t: TestResult) => t.status === 'skipped' || (t.status === 'failed' && t.processes.length === 0 && t.durationMs === 0);

interface Annotation {
  title: string;
  message: string;
  at?: SourcePlace;
}

/** Each exercise's compiler errors, at their file and line. */
function compileAnnotations(r: GradeResult, env: Record<string, string | undefined>): Annotation[] {
  return r.exercises.flatMap((ex) =>
    compileErrors(ex.build.log, ex.id).map((c) => {
      const file = visible(c.file);
      const path = repositoryPath(c.file, r.submission, env);
      return { title: `${file} does not compile`, message: clip(visible(c.message), MAX_ANNOTATION), at: path ? { file: visible(path), line: c.line, col: c.col } : undefined };
    }),
  );
}

/** The tests of each exercise that did not run, said once per exercise with their distinct reasons. */
function notRunAnnotations(r: GradeResult): Annotation[] {
  const out: Annotation[] = [];
  for (const ex of r.exercises) {
    const tests = ex.tests.filter(didNotRun);
    if (!tests.length) continue;
    const reasons = [...new Set(tests.map((t) => studentView(t).reason ?? 'not run'))];
    const points = tests.reduce((a, t) => a + t.maxPoints, 0);
    out.push({ title: notRunTitle(ex.id, tests.length, points), message: clip(reasons.join('\n'), MAX_ANNOTATION) });
  }
  return out;
}

export function annotations(r: GradeResult, env: Record<string, string | undefined> = {}): string {
  const items: Annotation[] = [];
  for (const e of errorLines(r.errors)) items.push({ title: COULD_NOT_FINISH, message: notYourFault(e) });
  items.push(...compileAnnotations(r, env));
  for (const ex of r.exercises) {
    for (const t of ex.tests) {
      if (t.status === 'passed' || didNotRun(t)) continue;
      const v = studentView(t);
      const what = t.status === 'error' ? 'could not be run' : 'failed';
      items.push({ title: `${ex.id}/${t.name} ${what} (${t.points}/${t.maxPoints})`, message: clip(v.reason ?? what, MAX_ANNOTATION) });
    }
  }
  items.push(...notRunAnnotations(r));
  const shown = items.length > MAX_ANNOTATIONS ? items.slice(0, MAX_ANNOTATIONS - 1) : items;
  let out = shown.map((i) => errorCommand(i.title, i.message, i.at)).join('');
  if (items.length > shown.length) {
    out += errorCommand('ipclab', `${items.length - shown.length} more problems: see the job summary`);
  }
  return out;
}

export function jobSummary(r: GradeResult, env: Record<string, string | undefined> = {}): string {
  const n = r.counts;
  const head: string[] = [`## ipclab: ${r.points}/${r.maxPoints} points`, ''];
  const parts = [`${n.passed} passed`, `${n.failed} failed`];
  if (n.skipped) parts.push(`${n.skipped} not run`);
  if (n.error) parts.push(couldNotBeRun(n.error));
  head.push(`${parts.join(', ')} · ${(r.durationMs / 1000).toFixed(1)} s · ${mdText(r.isolation.description)}`, '');
  // the picture of each run is report.html in the report artifact (the html format)
  const run = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}#artifacts` : undefined;
  if (run) head.push(`A sequence diagram of every test: \`report.html\` in the [ipclab-report artifact](${run}).`, '');
  head.push('| | exercise | test | points |', '| --- | --- | --- | --- |');
  for (const e of r.exercises) {
    for (const t of e.tests) head.push(`| ${MARK[t.status]} | ${mdCell(e.id)} | ${mdCell(testLabel(studentView(t)))} | ${t.points}/${t.maxPoints} |`);
  }
  const missing = missingProtections(r);
  if (missing.length) head.push('', `### ⚠️ ${mdText(FALLBACK_HEADLINE)}`, '', fence(missing.map((m) => `- ${m}`).join('\n')));
  head.push('', mdText(provenanceLine(r)));
  const sections: string[] = [];
  const errors = errorLines(r.errors);
  if (errors.length) sections.push(`### ⚠️ ${COULD_NOT_FINISH_NOT_YOURS}\n\n${fence(errors.join('\n'))}`);
  for (const e of r.exercises) {
    if (e.build.log) sections.push(details(`${e.id}: build log`, fence(clip(visible(e.build.log), MAX_BLOCK))));
    for (const t of e.tests) {
      if (t.status === 'passed') continue;
      const v = studentView(t);
      sections.push(details(`${MARK[t.status]} ${e.id}/${testLabel(v)} (${t.points}/${t.maxPoints})`, blocksToMarkdown(studentBlocks(v), MAX_BLOCK)));
    }
  }
  const out = head;
  let size = out.join('\n').length;
  for (const [i, s] of sections.entries()) {
    if (size + s.length + 2 > MAX_SUMMARY) {
      out.push('', `(${sections.length - i} more sections left out: the job summary is full)`);
      break;
    }
    out.push('', s);
    size += s.length + 2;
  }
  return `${out.join('\n')}\n`;
}

function details(summary: string, body: string): string {
  // an HTML block: Markdown is not parsed up to the blank line, so entities, not backslashes
  return `<details><summary>${htmlText(summary)}</summary>\n\n${body}\n\n</details>`;
}

export function renderGithub(r: GradeResult, ctx: Pick<ReportContext, 'env'>): ReportOutput {
  if (ctx.env.GITHUB_ACTIONS !== 'true') return {};
  return { stepSummary: jobSummary(r, ctx.env), stdout: annotations(r, ctx.env) || undefined };
}

export const githubReporter: Reporter<'github'> = {
  name: 'github',
  description: 'GitHub Actions job summary and ::error annotations (only when GITHUB_ACTIONS=true)',
  render: renderGithub,
};
