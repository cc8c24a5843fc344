// What a student may see of a test: the one place where hidden tests and detail levels are
// applied. Every student-facing reporter formats a StudentTest, never a raw TestResult.
//
//   hidden: true          name, verdict and points only (no title, reason, checks, hints)
//   detail: 'none'        name, title, verdict and points; no reason, checks, hints or diagnosis
//   detail: 'actual-only' what the program did (actual values, diagnosis, hints); no expected
//                         values, no diffs, and no sentence that quotes an expected value
//   detail: 'full'        everything
import type { Finding, Sequence, Status, TestResult } from '../model.js';
import { GUTTER, visible, visibleDeep } from './untrusted.js';
import { COULD_NOT_RUN_TEST } from '../wording.js';
import { sameCauseAs } from '../wording/hang.js';

/** How much of a test a student sees. */
export type Shown = 'full' | 'actual-only' | 'verdict-only';

export interface StudentCheck {
  title: string;
  passed: boolean;
  rationale?: string;
  /** Only with 'full'. */
  expected?: string;
  /** What the program did ('full' and 'actual-only'). */
  actual?: string;
  /** Only with 'full'. */
  diff?: string;
  hint?: string;
  /** The summary of checks not made (neither pass nor fail): shown as one line, never ✘ or ✔. */
  notChecked?: { count: number; because: string };
}

export interface StudentTest {
  name: string;
  /** Absent for hidden tests. */
  title?: string;
  status: Status;
  points: number;
  maxPoints: number;
  durationMs: number;
  hidden: boolean;
  shown: Shown;
  /**
   * The one line a student reads about why it did not pass (absent when it passed). For a test
   * whose details are withheld it is a fixed sentence that says so.
   */
  reason?: string;
  diagnosis?: string;
  /** The diagnosis is the cause (TestResult.gaveUp): it is the first line, before what the test waited for. */
  diagnosisLeads?: boolean;
  /** A test that gave up, with the hint that names its cause (TestResult.lead): it comes before the diagnosis, which is then the evidence. */
  lead?: string;
  /** An earlier test of the same grading failed with the same cause and diagnosis, said in full there (exerciseViews). */
  sameCauseAs?: string;
  hints: string[];
  /** Every check, passed or not, as the student may see it (empty when only the verdict is shown). */
  checks: StudentCheck[];
  runs?: { total: number; failed: number; of?: number };
  /** What happened when ('full' and 'actual-only'). */
  timeline?: TestResult['timeline'];
  /** What the processes did, in time ('full' and 'actual-only'). */
  sequence?: Sequence;
  /** `--explain`'s line about the traced re-run its sequence comes from ('full' and 'actual-only'). */
  retraced?: string;
}

export const HIDDEN_DETAILS = 'the details of this test are hidden';
export const NOT_YOUR_FAULT = COULD_NOT_RUN_TEST;
const EXPECTED_WITHHELD = 'this test failed; what was expected is not shown for this test';
const CHECK_WITHHELD = 'a check of this test';

/** The view, with every text made visible (report/untrusted.ts): formats need not remember to. */
export function studentView(t: TestResult): StudentTest {
  return visibleDeep(redacted(t));
}

function redacted(t: TestResult): StudentTest {
  const base = { name: t.name, status: t.status, points: t.points, maxPoints: t.maxPoints, durationMs: t.durationMs, hidden: t.hidden };
  const withheldReason = t.status === 'passed' ? undefined : t.status === 'error' ? NOT_YOUR_FAULT : HIDDEN_DETAILS;
  if (t.hidden) return { ...base, shown: 'verdict-only', reason: withheldReason, hints: [], checks: [] };
  if (t.detail === 'none') return { ...base, title: t.title, shown: 'verdict-only', reason: withheldReason, hints: [], checks: [], runs: t.runs };
  const common = { ...base, title: t.title, diagnosis: t.diagnosis, ...(t.gaveUp && t.diagnosis ? { diagnosisLeads: true } : {}), ...(t.lead ? { lead: t.lead } : {}), hints: t.hints ?? [], runs: t.runs, timeline: t.timeline, sequence: t.sequence, retraced: t.retraced?.text };
  if (t.detail === 'full') {
    return {
      ...common,
      shown: 'full',
      reason: t.reason,
      checks: t.findings.map((f) => ({ title: f.title, passed: f.passed, rationale: f.rationale, expected: f.expected, actual: f.actual, diff: f.diff, hint: f.hint, notChecked: f.notChecked })),
    };
  }
  // actual-only: drop expected values and diffs, and any sentence that quotes an expected value
  const leaks = quotesExpected(t.findings);
  return {
    ...common,
    shown: 'actual-only',
    timeline: t.timeline?.filter((e) => !leaks(e.text)),
    sequence: t.sequence && withoutLeaks(t.sequence, leaks),
    reason: t.reason === undefined ? undefined : leaks(t.reason) ? EXPECTED_WITHHELD : t.reason,
    checks: t.findings.map((f) => {
      const rationale = f.rationale !== undefined && !leaks(f.rationale) ? f.rationale : undefined;
      const title = !leaks(f.title) ? f.title : rationale ?? CHECK_WITHHELD;
      return { title, passed: f.passed, rationale, actual: f.passed ? undefined : f.actual, hint: f.hint, notChecked: f.notChecked };
    }),
  };
}

/**
 * The views of one grading's tests in order, each later test that failed with the same cause,
 * diagnosis and hints as an earlier one referring to it (said in full once). Diagnoses are
 * compared as facts (TestResult.diagnosisShape): pids, CPU seconds, byte counts, keys and run
 * folders differ from test to test and do not make a cause another.
 */
export function exerciseViews(tests: TestResult[]): StudentTest[] {
  const first = new Map<string, string>();
  return tests.map((t) => {
    const v = studentView(t);
    if (!v.diagnosisLeads || !v.diagnosis || v.shown === 'verdict-only') return v;
    const key = [t.cause ?? '', t.diagnosisShape ?? sameness(v.diagnosis), v.lead ?? '', ...v.hints].join('\n');
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, v.name);
    return earlier === undefined ? v : { ...v, sameCauseAs: earlier };
  });
}

/** A diagnosis said without its facts (a result from before diagnosisShape): without its pids and the run's folder. */
function sameness(diagnosis: string): string {
  return diagnosis.replace(/\(pid \d+/g, '(pid').replace(/\/\S*?\/work\//g, '/work/');
}

/** The sequence without an arrow, mark, lane or object label (or hover text) that quotes an expected value. */
function withoutLeaks(s: Sequence, leaks: (text: string) => boolean): Sequence {
  const safe = (x: { label: string; detail?: string }) => !leaks(x.label) && (x.detail === undefined || !leaks(x.detail));
  return {
    ...s,
    lanes: s.lanes.map((l) => (leaks(l.label) ? { ...l, label: l.id } : l)),
    arrows: s.arrows.filter(safe),
    marks: s.marks.filter(safe),
    objects: s.objects.filter((o) => !leaks(o.label)),
    notes: s.notes?.filter((n) => !leaks(n)),
  };
}

/**
 * A test for "does this sentence quote an expected value": the expected values of all findings,
 * raw, trimmed, JSON-escaped (as check titles quote them) and line by line.
 */
function quotesExpected(findings: Finding[]): (text: string) => boolean {
  const needles = new Set<string>();
  const add = (s: string) => {
    if (s.trim().length >= 2) needles.add(s);
  };
  for (const f of findings) {
    if (f.expected === undefined) continue;
    for (const v of [f.expected, f.expected.trimEnd()]) {
      add(v);
      add(JSON.stringify(v).slice(1, -1));
    }
    for (const line of f.expected.split('\n')) if (line.trim().length >= 4) add(line.trim());
  }
  return (text) => [...needles].some((n) => text.includes(n));
}

/**
 * A piece of what a student reads: a sentence, the heading of a failing check ('check'), the one line of checks not made ('unchecked'), or
 * verbatim text (output, a diff) to show as code.
 */
export type Block = { kind: 'text' | 'check' | 'unchecked'; text: string } | { kind: 'code'; label: string; text: string; lang?: 'diff' };

/**
 * The details of a test in reading order: reason, hints (the likely cause), diagnosis (the evidence), then each failing check
 * (its title, why, and expected/actual or the diff). Empty when only the verdict is shown or
 * the test passed. Formats clip and lay these out in their own way.
 */
export function studentBlocks(v: StudentTest): Block[] {
  if (v.status === 'passed') return [];
  const out: Block[] = [];
  if (v.diagnosisLeads && v.diagnosis && v.shown !== 'verdict-only') {
    // a test that gave up: its cause (the one hint that explains it, else what the processes were
    // stuck in), then what the test waited for, then the fix or the evidence
    const again = v.sameCauseAs !== undefined;
    out.push({ kind: 'text', text: again ? sameCauseAs(v.sameCauseAs!) : v.lead ?? v.diagnosis });
    if (v.reason) out.push({ kind: 'text', text: v.reason });
    if (!again) for (const h of v.hints) out.push({ kind: 'text', text: `hint: ${h}` });
    if (!again && v.lead) out.push({ kind: 'text', text: `what was going on: ${v.diagnosis}` });
  } else {
    if (v.reason) out.push({ kind: 'text', text: v.reason });
    if (v.shown === 'verdict-only') return out;
    // the likely cause (a hint conditioned on the facts) before the evidence it is drawn from
    for (const h of v.hints) out.push({ kind: 'text', text: `hint: ${h}` });
    if (v.diagnosis) out.push({ kind: 'text', text: `what was going on: ${v.diagnosis}` });
  }
  if (v.retraced) out.push({ kind: 'text', text: v.retraced });
  let first = true;
  const seen = new Set<string>(); // a test's output is shown once, not once per check
  const code = (label: string, text: string, lang?: 'diff') => {
    if (seen.has(text)) return out.push({ kind: 'text', text: `${label}: the same as shown above` });
    seen.add(text);
    out.push(lang ? { kind: 'code', label, text, lang } : { kind: 'code', label, text });
  };
  for (const c of v.checks) {
    if (c.passed) continue;
    // every failed check keeps its ✘ headline; the test's reason is its first failing check's
    // rationale, so only that sentence is not said twice
    // (a repeated test's reason is "run 9 of 10: " and that rationale)
    const repeat = first && c.rationale !== undefined && v.reason !== undefined && v.reason.endsWith(c.rationale);
    first = false;
    out.push({ kind: 'check', text: `✘ ${c.title}` });
    if (!repeat && c.rationale && c.rationale !== c.title) out.push({ kind: 'text', text: c.rationale });
    if (c.diff) code('expected (-) and actual (+) output', c.diff, 'diff');
    else if (c.expected === undefined || c.actual === undefined || c.expected !== c.actual) {
      // a block the sentences already say adds nothing
      const said = (t: string) => t.trim() !== '' && `${c.title}\n${c.rationale ?? ''}`.includes(t.trim());
      if (c.expected !== undefined && !said(c.expected)) code('expected', c.expected);
      if (c.actual !== undefined && !said(c.actual)) code(v.shown === 'full' ? 'actual' : 'what your program did', c.actual);
    }
    if (c.hint) out.push({ kind: 'text', text: `hint: ${c.hint}` });
  }
  for (const c of v.checks) if (c.notChecked) out.push({ kind: 'unchecked', text: `○ ${c.title}: ${c.notChecked.because}` });
  return out;
}

/**
 * The blocks as plain text, each verbatim block clipped to maxBlock characters and behind the
 * gutter, as is every further line of a sentence (so no line of student text starts a line).
 */
export function blocksToText(blocks: Block[], maxBlock: number): string {
  return blocks
    .map((b, i) => (b.kind === 'code' ? `${b.label}:\n${indent(clip(b.text, maxBlock), 2, GUTTER)}` : `${b.kind !== 'text' && i > 0 ? '\n' : ''}${sentence(clip(b.text, maxBlock))}`))
    .join('\n');
}

/**
 * A sentence's lines after pad: the first as it is (unless, starting a line, it could pass for a
 * workflow command or a compiler message; `after` says it follows text of ipclab's on its line),
 * further ones behind the gutter.
 */
export function sentence(text: string, pad = '', after = false): string {
  return text.split('\n').map((l, i) => (i === 0 && (after || !/^\s*[:\d]/.test(l)) ? `${pad}${l}` : `${pad}${GUTTER}${l}`)).join('\n');
}

/** The student-visible label of a test: its name, and its title unless the test is hidden. */
export function testLabel(v: StudentTest): string {
  return v.title ? `${v.name} — ${v.title}` : v.name;
}

/** Cut text to at most max characters, saying how much was cut; never splits a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (n: number) => `\n… (${n} more characters cut)`;
  let keep = Math.max(0, max - marker(text.length).length);
  if (keep > 0 && /[\uD800-\uDBFF]/.test(text[keep - 1])) keep--;
  return text.slice(0, keep) + marker(text.length - keep);
}

export function indent(text: string, n: number, mark = ''): string {
  const pad = ' '.repeat(n) + mark;
  return text.split('\n').map((l) => pad + l).join('\n');
}

/** Seconds with millisecond precision, as JUnit and Gradescope want them. */
export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** What a student may read of internal errors: the first line of each (no stack traces). */
export function errorLines(errors: string[]): string[] {
  return errors.map((e) => clip(visible(e.split('\n')[0]), 300));
}
