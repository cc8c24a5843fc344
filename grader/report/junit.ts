// JUnit XML, the test report every CI reads: <testsuites> → one <testsuite> per exercise → one
// <testcase> per test, with <failure>, <error> or <skipped> carrying the reason and <system-out>
// the details a student may see (student-view.ts). Built with xmlbuilder2, which escapes text and
// attributes and replaces characters XML cannot hold (a student's program may print any byte).
import { lazy } from '../../harness/lazy.js';

const xml = lazy<typeof import('xmlbuilder2')>('xmlbuilder2');
import { missingProtections } from './provenance.js';
import type { ExerciseResult, GradeResult, TestResult } from '../model.js';
import type { Reporter } from './types.js';
import { blocksToText, clip, errorLines, seconds, studentBlocks, studentView, testLabel } from './student-view.js';
import { gutter, visible } from './untrusted.js';
import { COULD_NOT_FINISH_NOT_YOURS } from '../wording.js';

type XMLBuilder = ReturnType<typeof import('xmlbuilder2').create>;

/** Bounds on what one testcase carries, so a flood of output does not make a huge report. */
const MAX_BLOCK = 20_000;
const MAX_TEXT = 64_000;
const MAX_MESSAGE = 1000;

/** ISO 8601 without a zone, as the JUnit schema's timestamp wants it. */
const timestamp = (iso: string) => new Date(iso).toISOString().slice(0, 19);

function counts(tests: TestResult[]) {
  return {
    tests: tests.length,
    failures: tests.filter((t) => t.status === 'failed').length,
    errors: tests.filter((t) => t.status === 'error').length,
    skipped: tests.filter((t) => t.status === 'skipped').length,
  };
}

function addTestcase(suite: XMLBuilder, e: ExerciseResult, t: TestResult): void {
  const v = studentView(t);
  const tc = suite.ele('testcase', { name: testLabel(v), classname: e.id, time: seconds(t.durationMs).toFixed(3) });
  tc.ele('properties')
    .ele('property', { name: 'points', value: String(t.points) }).up()
    .ele('property', { name: 'max_points', value: String(t.maxPoints) }).up();
  const details = blocksToText(studentBlocks(v), MAX_BLOCK);
  const message = clip((v.reason ?? '').split('\n')[0], MAX_MESSAGE);
  if (t.status === 'failed') tc.ele('failure', { message, type: 'failed' }).txt(clip(details, MAX_TEXT));
  else if (t.status === 'error') tc.ele('error', { message, type: 'error' }).txt(clip(details, MAX_TEXT));
  else if (t.status === 'skipped') tc.ele('skipped', { message });
  const out = [`points: ${t.points}/${t.maxPoints}`];
  if (v.runs && v.runs.total > 1) out.push(`runs: ${v.runs.total}, failed: ${v.runs.failed}`);
  for (const c of v.checks) out.push(`${c.passed ? '✔' : '✘'} ${c.title}`);
  tc.ele('system-out').txt(clip(out.join('\n'), MAX_TEXT));
}

/** The grading's provenance as properties of each suite (<testsuites> has none in the common schema). */
function addProvenance(props: XMLBuilder, r: GradeResult, e: ExerciseResult): void {
  props.ele('property', { name: 'ipclab.version', value: r.tool.version }).up();
  props.ele('property', { name: 'ipclab.isolation', value: r.isolation.kind ?? r.isolation.mode }).up();
  props.ele('property', { name: 'ipclab.isolation.description', value: r.isolation.description }).up();
  for (const m of missingProtections(r)) props.ele('property', { name: 'ipclab.isolation.missing', value: m }).up();
  const spec = r.provenance?.specs.find((s) => s.exercise === e.id);
  if (spec) props.ele('property', { name: 'ipclab.spec.sha256', value: spec.sha256 }).up();
  for (const b of r.provenance?.bounds ?? []) props.ele('property', { name: 'ipclab.bound', value: b }).up();
}

export function renderJunit(r: GradeResult): string {
  const doc = xml().create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const all = r.exercises.flatMap((e) => e.tests);
  const internal = errorLines(r.errors);
  const total = counts(all);
  const root = doc.ele('testsuites', {
    name: 'ipclab',
    tests: String(total.tests + (internal.length ? 1 : 0)),
    failures: String(total.failures),
    errors: String(total.errors + (internal.length ? 1 : 0)),
    skipped: String(total.skipped),
    time: seconds(r.durationMs).toFixed(3),
    timestamp: timestamp(r.startedAt),
  });
  for (const e of r.exercises) {
    const c = counts(e.tests);
    const suite = root.ele('testsuite', {
      name: e.id,
      tests: String(c.tests),
      failures: String(c.failures),
      errors: String(c.errors),
      skipped: String(c.skipped),
      time: seconds(e.build.durationMs + e.tests.reduce((a, t) => a + t.durationMs, 0)).toFixed(3),
      timestamp: timestamp(r.startedAt),
    });
    const props = suite.ele('properties')
      .ele('property', { name: 'title', value: e.title }).up()
      .ele('property', { name: 'points', value: String(e.points) }).up()
      .ele('property', { name: 'max_points', value: String(e.maxPoints) }).up()
      .ele('property', { name: 'build', value: e.build.status }).up();
    addProvenance(props, r, e);
    for (const t of e.tests) addTestcase(suite, e, t);
    if (e.build.log) suite.ele('system-out').txt(clip(`build log:\n${gutter(e.build.log, 2)}`, MAX_TEXT));
  }
  if (internal.length) {
    // grading itself failed: one erroring testcase, so that CI shows it
    const suite = root.ele('testsuite', { name: 'ipclab', tests: '1', failures: '0', errors: '1', skipped: '0', time: '0.000', timestamp: timestamp(r.startedAt) });
    suite.ele('testcase', { name: 'grading', classname: 'ipclab', time: '0.000' })
      .ele('error', { message: COULD_NOT_FINISH_NOT_YOURS, type: 'internal' })
      .txt(internal.join('\n'));
  }
  return `${doc.end({ prettyPrint: true })}\n`;
}

export const junitReporter: Reporter<'junit'> = {
  name: 'junit',
  description: 'JUnit XML (junit.xml) for any CI',
  render: (r) => ({ files: { 'junit.xml': renderJunit(r) } }),
};
