// The report a student reads in a terminal: each test with ✔/✘, points, the reason and the diff.
import { createColors } from 'picocolors';
import type { GradeResult, TestResult } from '../model.js';
import type { ReportContext } from './index.js';

export function testLine(t: TestResult, c: ReturnType<typeof createColors>): string {
  const mark = t.status === 'passed' ? c.green('✔') : t.status === 'skipped' ? c.yellow('○') : t.status === 'error' ? c.magenta('!') : c.red('✘');
  const pts = c.dim(`${t.points}/${t.maxPoints}`);
  const runs = t.runs && t.runs.total > 1 ? c.dim(` (${t.runs.failed ? `failed ${t.runs.failed} of ${t.runs.total} runs` : `${t.runs.total} runs`})`) : '';
  return `  ${mark} ${t.name} ${c.dim('—')} ${t.title} ${pts}${runs}${t.status === 'error' ? c.magenta(' (error)') : ''}`;
}

export function renderTest(t: TestResult, c: ReturnType<typeof createColors>, verbose: boolean): string[] {
  const out = [testLine(t, c)];
  if (t.status === 'passed' && !verbose) return out;
  if (t.hidden || t.detail === 'none') {
    if (t.status !== 'passed') out.push(c.dim('      (details of this test are hidden)'));
    return out;
  }
  const indent = (s: string, n = 6) => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n');
  if (t.reason) out.push(indent(t.reason));
  if (t.diagnosis) out.push(indent(`${c.bold('what was going on:')} ${t.diagnosis}`));
  for (const h of t.hints ?? []) out.push(indent(`${c.cyan('hint:')} ${h}`));
  for (const f of t.findings) {
    if (f.passed) {
      if (verbose) out.push(indent(`${c.green('✔')} ${f.title}`));
      continue;
    }
    if (f.rationale === t.reason) {
      if (f.diff && t.detail === 'full') out.push(indent(colorDiff(f.diff, c), 8));
      else if (f.actual !== undefined && t.detail === 'actual-only') out.push(indent(`got: ${f.actual}`, 8));
      if (f.hint) out.push(indent(`${c.cyan('hint:')} ${f.hint}`, 8));
      continue;
    }
    out.push(indent(`${c.red('✘')} ${f.title}`));
    if (f.rationale) out.push(indent(f.rationale, 8));
    if (f.diff && t.detail === 'full') out.push(indent(colorDiff(f.diff, c), 8));
    if (f.hint) out.push(indent(`${c.cyan('hint:')} ${f.hint}`, 8));
  }
  if (verbose && t.timeline?.length) {
    out.push(indent(c.bold('timeline:')));
    for (const e of t.timeline.slice(0, 60)) {
      const who = e.kind === 'output' ? `${e.stream ?? e.process} │ ` : e.process ? `${e.process}: ` : '';
      out.push(indent(`${e.ms.toFixed(1).padStart(8)} ms  ${who}${e.kind === 'output' ? c.dim(e.text) : e.text}`, 8));
    }
  }
  return out;
}

function colorDiff(diff: string, c: ReturnType<typeof createColors>): string {
  return diff.split('\n').map((l) => (l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l.startsWith('@@') ? c.cyan(l) : l)).join('\n');
}

export function renderTerminal(r: GradeResult, opts: Pick<ReportContext, 'color' | 'verbose'>): string {
  const c = createColors(opts.color);
  const out: string[] = [];
  out.push(c.dim(`ipclab ${r.tool.version} — ${r.isolation.description}`));
  for (const e of r.exercises) {
    out.push('');
    out.push(`${c.bold(e.id)} ${c.dim('—')} ${e.title} ${c.bold(`${e.points}/${e.maxPoints}`)}`);
    if (e.build.log) out.push(e.build.log.split('\n').map((l) => `    ${l}`).join('\n'));
    for (const t of e.tests) out.push(...renderTest(t, c, opts.verbose));
  }
  out.push('');
  const n = r.counts;
  const parts = [c.green(`${n.passed} passed`), n.failed ? c.red(`${n.failed} failed`) : `${n.failed} failed`];
  if (n.skipped) parts.push(c.yellow(`${n.skipped} skipped`));
  if (n.error) parts.push(c.magenta(`${n.error} error`));
  out.push(`${c.bold(`Score: ${r.points}/${r.maxPoints}`)}  ${parts.join(', ')}  ${c.dim(`(${(r.durationMs / 1000).toFixed(1)} s)`)}`);
  for (const e of r.errors) out.push(c.magenta(`internal error: ${e}`));
  return `${out.join('\n')}\n`;
}
