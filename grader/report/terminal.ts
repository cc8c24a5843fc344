// The report a student reads in a terminal: each test with ✔/✘, points, the reason and the diff.
// Student text is visible and behind a gutter (report/untrusted.ts); on GitHub Actions the whole
// report is a stop-commands stretch and no line of it looks like a compiler message.
import { createColors } from 'picocolors';
import { boundsLine, FALLBACK_HEADLINE, missingProtections, provenanceLine } from './provenance.js';
import type { GradeResult, TestResult } from '../model.js';
import type { ReportContext, Reporter } from './types.js';
import { sequenceLines } from './sequence-text.js';
import { exerciseViews, sentence, studentBlocks, studentView, type StudentTest } from './student-view.js';
import { gutter, stopCommands, unmatchable, visible } from './untrusted.js';
import { REPEAT_BUDGET_RAN_OUT } from '../wording.js';

export function testLine(t: TestResult, c: ReturnType<typeof createColors>): string {
  const v = studentView(t);
  const mark = v.status === 'passed' ? c.green('✔') : v.status === 'skipped' ? c.yellow('○') : v.status === 'error' ? c.magenta('!') : c.red('✘');
  const pts = c.dim(`${v.points}/${v.maxPoints}`);
  const cut = v.runs?.of ? `, ${v.runs.of - v.runs.total} more not run: ${REPEAT_BUDGET_RAN_OUT}` : '';
  const runs = v.runs && (v.runs.total > 1 || cut) ? c.dim(` (${v.runs.failed ? `failed ${v.runs.failed} of ${v.runs.total} runs` : `${v.runs.total} run${v.runs.total === 1 ? '' : 's'}`}${cut})`) : '';
  return `  ${mark} ${v.title ? `${v.name} ${c.dim('—')} ${v.title}` : v.name} ${pts}${runs}${v.status === 'error' ? c.magenta(' (error)') : ''}`;
}

/** A test as a student may see it (report/student-view.ts decides what that is). */
export function renderTest(t: TestResult, c: ReturnType<typeof createColors>, verbose: boolean, view: StudentTest = studentView(t)): string[] {
  const out = [testLine(t, c)];
  const v = view;
  // a sentence's further lines and all verbatim text go behind the gutter
  const indent = (s: string, n = 6) => sentence(s, ' '.repeat(n));
  let underCheck = false;
  for (const b of studentBlocks(v)) {
    if (b.kind !== 'text') underCheck = true;
    if (b.kind === 'code') out.push(b.lang === 'diff' ? colorDiff(gutter(b.text, 8), c) : `${' '.repeat(8)}${c.dim(`${b.label}:`)}\n${gutter(b.text, 8)}`);
    else if (b.kind === 'unchecked') out.push(indent(`${c.dim('○')} ${b.text.slice(2)}`));
    else if (b.kind === 'check') out.push(indent(`${c.red('✘')} ${b.text.replace(/^✘ /, '')}`));
    else if (b.text.startsWith('hint: ')) out.push(indent(`${c.cyan('hint:')} ${b.text.slice(6)}`, 8));
    else if (b.text.startsWith('what was going on: ')) out.push(indent(`${c.bold('what was going on:')} ${b.text.slice(19)}`));
    else out.push(indent(b.text, underCheck ? 8 : 6));
  }
  if (verbose && v.shown !== 'verdict-only') {
    for (const ch of v.checks) if (ch.passed && !ch.notChecked) out.push(indent(`${c.green('✔')} ${ch.title}`));
    if (v.sequence) out.push(...sequenceText(v.sequence, c));
    else if (v.timeline?.length) {
      out.push(indent(c.bold('timeline:')));
      for (const e of v.timeline.slice(0, 60)) {
        const who = e.kind === 'output' ? `${e.stream ?? e.process} │ ` : e.process ? `${e.process}: ` : '';
        const text = sentence(e.text, ' '.repeat(8), true).slice(8);
        out.push(`${' '.repeat(8)}${e.ms.toFixed(1).padStart(8)} ms  ${who}${e.kind === 'output' ? c.dim(text) : text}`);
      }
    }
  }
  return out;
}

const SEQUENCE_LINES = 200;

/** The sequence diagram as text: one line per arrow or mark in time order. */
function sequenceText(seq: NonNullable<ReturnType<typeof studentView>['sequence']>, c: ReturnType<typeof createColors>): string[] {
  const lines = sequenceLines(seq);
  const out = [`${' '.repeat(6)}${c.bold('sequence:')}${seq.traced ? '' : c.dim(' (not traced: only what the harness saw)')}`];
  for (const l of lines.slice(0, SEQUENCE_LINES)) {
    const text = sentence(l.text, ' '.repeat(8), true).slice(8);
    out.push(`${' '.repeat(8)}${`${l.ms.toFixed(1)} ms`.padStart(10)}  ${l.bad ? c.red(`✘ ${text}`) : text}`);
  }
  if (lines.length > SEQUENCE_LINES) out.push(c.dim(`${' '.repeat(8)}… ${lines.length - SEQUENCE_LINES} more`));
  for (const n of seq.notes ?? []) out.push(c.dim(sentence(n, ' '.repeat(8))));
  return out;
}

/** Colours a guttered diff by the mark after the gutter. */
function colorDiff(diff: string, c: ReturnType<typeof createColors>): string {
  return diff.split('\n').map((l) => {
    const body = l.replace(/^\s*│ /, '');
    return body.startsWith('+') ? c.green(l) : body.startsWith('-') ? c.red(l) : body.startsWith('@@') ? c.cyan(l) : l;
  }).join('\n');
}

/** Colour on a terminal only, and never when NO_COLOR is set to anything (https://no-color.org). */
export function colorWanted(out: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return !!out.isTTY && !env.NO_COLOR;
}

/** The terminal report; under GITHUB_ACTIONS=true made inert for the Actions runner. */
export function renderTerminal(r: GradeResult, opts: Pick<ReportContext, 'color' | 'verbose'> & Partial<Pick<ReportContext, 'env'>>): string {
  const text = terminalText(r, opts);
  if (opts.env?.GITHUB_ACTIONS !== 'true') return text;
  return stopCommands(text.split('\n').map(unmatchable).join('\n'));
}

function terminalText(r: GradeResult, opts: Pick<ReportContext, 'color' | 'verbose'>): string {
  const c = createColors(opts.color);
  const out: string[] = [];
  out.push(c.dim(`ipclab ${r.tool.version} — ${r.isolation.description}`));
  for (const e of r.exercises) {
    out.push('');
    out.push(`${c.bold(e.id)} ${c.dim('—')} ${e.title} ${c.bold(`${e.points}/${e.maxPoints}`)}`);
    if (e.build.log) out.push(gutter(e.build.log, 4));
    const views = exerciseViews(e.tests);
    e.tests.forEach((t, i) => out.push(...renderTest(t, c, opts.verbose, views[i])));
  }
  out.push('');
  const n = r.counts;
  const parts = [c.green(`${n.passed} passed`), n.failed ? c.red(`${n.failed} failed`) : `${n.failed} failed`];
  if (n.skipped) parts.push(c.yellow(`${n.skipped} skipped`));
  if (n.error) parts.push(c.magenta(`${n.error} error`));
  out.push(`${c.bold(`Score: ${r.points}/${r.maxPoints}`)}  ${parts.join(', ')}  ${c.dim(`(${(r.durationMs / 1000).toFixed(1)} s)`)}`);
  for (const e of r.errors) out.push(c.magenta(`internal error: ${sentence(visible(e), '  ', true).slice(2)}`));
  const missing = missingProtections(r);
  if (missing.length) out.push('', c.yellow(FALLBACK_HEADLINE), ...missing.map((m) => c.yellow(`  - ${m}`)));
  out.push(c.dim(provenanceLine(r)));
  const bounds = boundsLine(r);
  if (bounds && opts.verbose) out.push(c.dim(bounds));
  return `${out.join('\n')}\n`;
}

export const terminalReporter: Reporter<'terminal'> = {
  name: 'terminal',
  description: 'the report for people, on standard output',
  render: (r, ctx) => ({ stdout: renderTerminal(r, ctx) }),
};
