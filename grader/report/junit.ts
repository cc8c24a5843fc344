// JUnit XML, the test report every CI reads: <testsuites> → one <testsuite> per exercise → one
// <testcase> per test, with <failure> or <error> carrying the reason and the details a student may
// see (student-view.ts). Two flavours, each valid against its schema:
//   jenkins (default) Jenkins xunit's junit-10.xsd, the shape most tools read (GitLab, Jenkins,
//                     junitparser): <testsuites> has only name/tests/failures/errors/time, a
//                     <testcase> holds failure/error/skipped/system-out but no <properties>;
//   ant               Ant's JUnit.xsd (windyroad/JUnit-Schema): no attributes on <testsuites>,
//                     package/id/hostname on each suite, its children in the order properties,
//                     testcase*, system-out, system-err (all but testcase required), and a
//                     <testcase> holds at most one of failure/error and nothing else.
// A test not run because the build failed is a <failure> carrying the compiler's messages (the
// student's fault, scored 0), never <skipped>. Times add up: a suite's is its build's plus its
// tests', the total the sum of the suites'. Built with xmlbuilder2, which escapes text and
// attributes and replaces characters XML cannot hold (a student's program may print any byte).
import { hostname } from 'node:os';
import { lazy } from '../../harness/lazy.js';

const xml = lazy<typeof import('xmlbuilder2')>('xmlbuilder2');
import { missingProtections } from './provenance.js';
import type { ExerciseResult, GradeResult, TestResult } from '../model.js';
import type { JunitFlavour, ReportContext, Reporter } from './types.js';
import { blocksToText, clip, errorLines, seconds, studentBlocks, studentView, testLabel, type StudentTest } from './student-view.js';
import { gutter } from './untrusted.js';
import { COULD_NOT_FINISH_NOT_YOURS } from '../wording.js';

type XMLBuilder = ReturnType<typeof import('xmlbuilder2').create>;

/** Bounds on what one testcase carries, so a flood of output does not make a huge report. */
const MAX_BLOCK = 20_000;
const MAX_TEXT = 64_000;
const MAX_MESSAGE = 1000;

/** ISO 8601 without a zone, as the JUnit schemas' timestamp wants it. */
const timestamp = (iso: string) => new Date(iso).toISOString().slice(0, 19);

/** Milliseconds as both schemas take them: seconds with at most three decimals. */
const time = (ms: number) => seconds(ms).toFixed(3);

/** How JUnit counts a test: one not run for a failed build is a failure (it scored 0), not skipped. */
type Kind = 'passed' | 'failure' | 'error';
const kindOf = (t: TestResult): Kind => (t.status === 'passed' ? 'passed' : t.status === 'error' ? 'error' : 'failure');

interface Counts {
  tests: number;
  failures: number;
  errors: number;
}

function counts(tests: TestResult[]): Counts {
  const kinds = tests.map(kindOf);
  return { tests: tests.length, failures: kinds.filter((k) => k === 'failure').length, errors: kinds.filter((k) => k === 'error').length };
}

/** The lines a test's <system-out> holds (jenkins), or its suite's (ant). */
function summaryLines(t: TestResult, v: StudentTest): string[] {
  const out = [`points: ${t.points}/${t.maxPoints}`];
  if (v.runs && v.runs.total > 1) out.push(`runs: ${v.runs.total}, failed: ${v.runs.failed}`);
  for (const c of v.checks) out.push(`${c.passed ? '✔' : '✘'} ${c.title}`);
  return out;
}

/** A failure's or an error's text: what the student may see of it, and the build log when the build kept it from running. */
function failureText(e: ExerciseResult, t: TestResult, v: StudentTest): string {
  const details = blocksToText(studentBlocks(v), MAX_BLOCK);
  const build = notBuilt(e, t) && e.build.log ? `\n\nbuild log:\n${gutter(e.build.log, 2)}` : '';
  return clip(details + build, MAX_TEXT);
}

function addTestcase(suite: XMLBuilder, e: ExerciseResult, t: TestResult, flavour: JunitFlavour): void {
  const v = studentView(t);
  const tc = suite.ele('testcase', { name: testLabel(v), classname: e.id, time: time(t.durationMs) });
  const message = clip((v.reason ?? '').split('\n')[0], MAX_MESSAGE);
  const kind = kindOf(t);
  if (kind !== 'passed') tc.ele(kind, { message, type: notBuilt(e, t) ? 'not-built' : t.status }).txt(failureText(e, t, v));
  // Ant allows nothing else in a testcase: its points and checks go to the suite's <system-out>
  if (flavour === 'jenkins') tc.ele('system-out').txt(clip(summaryLines(t, v).join('\n'), MAX_TEXT));
}

/** Skipped because the build failed (grade.ts); a test skipped after an earlier one failed (--mutate) was built. */
function notBuilt(e: ExerciseResult, t: TestResult): boolean {
  return t.status === 'skipped' && e.build.status === 'failed';
}

/** The grading's provenance as properties of each suite (<testsuites> has none in either schema). */
function provenance(r: GradeResult, e: ExerciseResult | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['ipclab.version', r.tool.version],
    ['ipclab.isolation', r.isolation.kind ?? r.isolation.mode],
    ['ipclab.isolation.description', r.isolation.description],
  ];
  for (const m of missingProtections(r)) out.push(['ipclab.isolation.missing', m]);
  const spec = e && r.provenance?.specs.find((s) => s.exercise === e.id);
  if (spec) out.push(['ipclab.spec.sha256', spec.sha256]);
  for (const b of r.provenance?.bounds ?? []) out.push(['ipclab.bound', b]);
  return out;
}

interface SuiteParts {
  name: string;
  counts: Counts;
  timeMs: number;
  properties: Array<[string, string]>;
  /** Adds the testcases. */
  cases: (suite: XMLBuilder) => void;
  out: string;
}

/** One <testsuite>, its attributes and children in the order and with the names its flavour's schema requires. */
function addSuite(root: XMLBuilder, r: GradeResult, p: SuiteParts, id: number, flavour: JunitFlavour): void {
  const attrs: Record<string, string> = {
    name: p.name,
    tests: String(p.counts.tests),
    failures: String(p.counts.failures),
    errors: String(p.counts.errors),
    skipped: '0',
    time: time(p.timeMs),
    timestamp: timestamp(r.startedAt),
  };
  if (flavour === 'ant') Object.assign(attrs, { hostname: hostname() || 'localhost', id: String(id), package: 'ipclab' });
  const suite = root.ele('testsuite', attrs);
  const props = suite.ele('properties');
  for (const [name, value] of p.properties) props.ele('property', { name, value }).up();
  p.cases(suite);
  if (p.out || flavour === 'ant') suite.ele('system-out').txt(clip(p.out, MAX_TEXT));
  if (flavour === 'ant') suite.ele('system-err');
}

/** The milliseconds an exercise took: its build and its tests (run side by side, they may sum past the wall time). */
const exerciseMs = (e: ExerciseResult) => e.build.durationMs + e.tests.reduce((a, t) => a + t.durationMs, 0);

function exerciseSuite(r: GradeResult, e: ExerciseResult, flavour: JunitFlavour): SuiteParts {
  const out: string[] = [];
  if (flavour === 'ant') for (const t of e.tests) out.push(`${t.name}: ${summaryLines(t, studentView(t)).join('\n  ')}`);
  if (e.build.log) out.push(`build log:\n${gutter(e.build.log, 2)}`);
  return {
    name: e.id,
    counts: counts(e.tests),
    timeMs: exerciseMs(e),
    properties: [['title', e.title], ['points', String(e.points)], ['max_points', String(e.maxPoints)], ['build', e.build.status], ...provenance(r, e)],
    cases: (suite) => e.tests.forEach((t) => addTestcase(suite, e, t, flavour)),
    out: out.join('\n'),
  };
}

/** Grading itself failed: one erroring testcase in a suite `ipclab`, so that CI shows it. */
function internalSuite(r: GradeResult, lines: string[]): SuiteParts {
  return {
    name: 'ipclab',
    counts: { tests: 1, failures: 0, errors: 1 },
    timeMs: 0,
    properties: provenance(r, undefined),
    cases: (suite) => suite.ele('testcase', { name: 'grading', classname: 'ipclab', time: time(0) })
      .ele('error', { message: COULD_NOT_FINISH_NOT_YOURS, type: 'internal' })
      .txt(lines.join('\n')),
    out: '',
  };
}

export function renderJunit(r: GradeResult, flavour: JunitFlavour = 'jenkins'): string {
  const doc = xml().create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  const internal = errorLines(r.errors);
  const suites = r.exercises.map((e) => exerciseSuite(r, e, flavour));
  if (internal.length) suites.push(internalSuite(r, internal));
  const sum = (f: (s: SuiteParts) => number) => suites.reduce((a, s) => a + f(s), 0);
  // Ant's <testsuites> takes no attributes; Jenkins' takes these five (no skipped, no timestamp)
  const root = doc.ele('testsuites', flavour === 'ant' ? {} : {
    name: 'ipclab',
    tests: String(sum((s) => s.counts.tests)),
    failures: String(sum((s) => s.counts.failures)),
    errors: String(sum((s) => s.counts.errors)),
    time: time(sum((s) => Math.round(s.timeMs))),
  });
  suites.forEach((s, i) => addSuite(root, r, s, i, flavour));
  return `${doc.end({ prettyPrint: true })}\n`;
}

export const junitReporter: Reporter<'junit'> = {
  name: 'junit',
  description: 'JUnit XML (junit.xml) for any CI (--junit-flavour jenkins or ant)',
  render: (r, ctx?: ReportContext) => ({ files: { 'junit.xml': renderJunit(r, ctx?.options?.junitFlavour) } }),
};
