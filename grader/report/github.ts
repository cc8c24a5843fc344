// GitHub Actions: a Markdown job summary ($GITHUB_STEP_SUMMARY) and at most ten `::error`
// workflow commands, which GitHub shows as annotations (it keeps 10 error annotations per step).
// Outside GitHub Actions (GITHUB_ACTIONS is not 'true') it renders nothing.
import type { GradeResult } from '../model.js';
import type { ReportContext, Reporter, ReportOutput } from './types.js';
import { MARK, blocksToMarkdown, fence, htmlText, mdCell, mdText } from './markdown.js';
import { clip, errorLines, studentBlocks, studentView, testLabel } from './student-view.js';
import { visible } from './untrusted.js';
import { FALLBACK_HEADLINE, missingProtections, provenanceLine } from './provenance.js';
import { COULD_NOT_FINISH, COULD_NOT_FINISH_NOT_YOURS, couldNotBeRun, notYourFault } from '../wording.js';

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

export function errorCommand(title: string, message: string): string {
  return `::error title=${escapeProperty(title)}::${escapeData(message)}\n`;
}

export function annotations(r: GradeResult): string {
  const items: Array<{ title: string; message: string }> = [];
  for (const e of errorLines(r.errors)) items.push({ title: COULD_NOT_FINISH, message: notYourFault(e) });
  for (const ex of r.exercises) {
    for (const t of ex.tests) {
      if (t.status === 'passed') continue;
      const v = studentView(t);
      const what = t.status === 'error' ? 'could not be run' : t.status === 'skipped' ? 'was not run' : 'failed';
      items.push({ title: `${ex.id}/${t.name} ${what} (${t.points}/${t.maxPoints})`, message: clip(v.reason ?? what, MAX_ANNOTATION) });
    }
  }
  const shown = items.length > MAX_ANNOTATIONS ? items.slice(0, MAX_ANNOTATIONS - 1) : items;
  let out = shown.map((i) => errorCommand(i.title, i.message)).join('');
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
  return { stepSummary: jobSummary(r, ctx.env), stdout: annotations(r) || undefined };
}

export const githubReporter: Reporter<'github'> = {
  name: 'github',
  description: 'GitHub Actions job summary and ::error annotations (only when GITHUB_ACTIONS=true)',
  render: renderGithub,
};
