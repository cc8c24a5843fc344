// JUnit XML, parsed back with xmlbuilder2's DOM and checked against the rules of the two schemas
// each flavour must satisfy, encoded here so CI checks them without copies of the XSDs (the real
// ones: scripts/check-consumers.sh):
//   jenkins  jenkinsci/xunit-plugin .../xsd/junit-10.xsd
//   ant      windyroad/JUnit-Schema JUnit.xsd
// Then the counts, the times and what each testcase carries.
import { create } from 'xmlbuilder2';
import type { GradeResult } from '../../../grader/model.js';
import { renderJunit, junitReporter } from '../../../grader/report/junit.js';
import type { JunitFlavour } from '../../../grader/report/types.js';
import { ctx, exercise, failing, gradeSample, mixed, result, test } from './fixtures.js';

type El = { nodeType: number; tagName: string; getAttribute(n: string): string | null; attributes: ArrayLike<{ name: string }>; childNodes: ArrayLike<El>; textContent: string | null };
/** Child elements (by childNodes: the DOM's `children` here lists descendants). */
const kids = (e: El, tag?: string) => Array.from(e.childNodes).filter((c) => c.nodeType === 1 && (!tag || c.tagName === tag));
const attrs = (e: El) => Array.from(e.attributes).map((a) => a.name);
const parse = (xml: string): El => create(xml).root().node as unknown as El;

/** An element's rule: attributes it must and may have, and the pattern its children's names must match (space-joined). */
interface Rule {
  required: string[];
  optional: string[];
  children: RegExp;
  /** attribute → the pattern its value must match (the XSD's simple types). */
  values?: Record<string, RegExp>;
}

const INT = /^-?\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;
/** junit-10.xsd's SUREFIRE_TIME. */
const SUREFIRE_TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]{0,3})?$/;
const ISO8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;
const TEXT_ONLY = /^$/;

const RULES: Record<JunitFlavour, Record<string, Rule>> = {
  jenkins: {
    testsuites: { required: [], optional: ['name', 'time', 'tests', 'failures', 'errors'], children: /^(testsuite ?)*$/, values: { time: SUREFIRE_TIME } },
    testsuite: {
      required: ['name', 'tests', 'failures', 'errors'],
      optional: ['group', 'time', 'skipped', 'timestamp', 'hostname', 'id', 'package', 'file', 'log', 'url', 'version'],
      children: /^((testsuite|properties|testcase|system-out|system-err) ?)*$/,
      values: { time: SUREFIRE_TIME },
    },
    properties: { required: [], optional: [], children: /^(property ?)*$/ },
    property: { required: ['name', 'value'], optional: [], children: TEXT_ONLY },
    testcase: { required: ['name'], optional: ['time', 'classname', 'group'], children: /^((skipped|error|failure|rerunFailure|rerunError|flakyFailure|flakyError|system-out|system-err) ?)*$/ },
    failure: { required: [], optional: ['type', 'message'], children: TEXT_ONLY },
    error: { required: [], optional: ['type', 'message'], children: TEXT_ONLY },
    skipped: { required: [], optional: ['type', 'message'], children: TEXT_ONLY },
    'system-out': { required: [], optional: [], children: TEXT_ONLY },
    'system-err': { required: [], optional: [], children: TEXT_ONLY },
  },
  ant: {
    testsuites: { required: [], optional: [], children: /^(testsuite ?)*$/ },
    testsuite: {
      required: ['name', 'timestamp', 'hostname', 'tests', 'failures', 'errors', 'time', 'package', 'id'],
      optional: ['skipped'],
      children: /^properties (testcase )*system-out system-err$/,
      values: { timestamp: ISO8601, tests: INT, failures: INT, errors: INT, skipped: INT, time: DECIMAL, id: INT, name: /\S/, hostname: /\S/ },
    },
    properties: { required: [], optional: [], children: /^(property ?)*$/ },
    property: { required: ['name', 'value'], optional: [], children: TEXT_ONLY, values: { name: /\S/ } },
    testcase: { required: ['name', 'classname', 'time'], optional: [], children: /^(skipped|error|failure)?$/, values: { time: DECIMAL } },
    failure: { required: ['type'], optional: ['message'], children: TEXT_ONLY },
    error: { required: ['type'], optional: ['message'], children: TEXT_ONLY },
    skipped: { required: [], optional: ['message'], children: TEXT_ONLY },
    'system-out': { required: [], optional: [], children: TEXT_ONLY },
    'system-err': { required: [], optional: [], children: TEXT_ONLY },
  },
};

/** Every element against its flavour's rule, recursively; the problems found, as paths. */
function schemaProblems(e: El, flavour: JunitFlavour, path = ''): string[] {
  const here = `${path}/${e.tagName}`;
  const rule = RULES[flavour][e.tagName];
  if (!rule) return [`${here}: no such element`];
  const out: string[] = [];
  const has = attrs(e);
  for (const a of rule.required) if (!has.includes(a)) out.push(`${here}: missing @${a}`);
  for (const a of has) if (!rule.required.includes(a) && !rule.optional.includes(a)) out.push(`${here}: @${a} not allowed`);
  for (const [a, re] of Object.entries(rule.values ?? {})) {
    const v = e.getAttribute(a);
    if (v !== null && !re.test(v)) out.push(`${here}: @${a}="${v}"`);
  }
  const children = kids(e);
  const names = children.map((c) => c.tagName).join(' ');
  if (!rule.children.test(names)) out.push(`${here}: children "${names}"`);
  return out.concat(children.flatMap((c) => schemaProblems(c, flavour, here)));
}

const ms = (s: string | null) => Math.round(Number(s) * 1000);

/** Counts and times that add up: what consumers show beside the score. */
function expectConsistent(root: El, flavour: JunitFlavour): void {
  const suites = kids(root, 'testsuite');
  for (const suite of suites) {
    const cases = kids(suite, 'testcase');
    const count = (tag: string) => cases.filter((c) => kids(c, tag).length).length;
    expect(Number(suite.getAttribute('tests'))).toBe(cases.length);
    expect(Number(suite.getAttribute('failures'))).toBe(count('failure'));
    expect(Number(suite.getAttribute('errors'))).toBe(count('error'));
    expect(Number(suite.getAttribute('skipped'))).toBe(count('skipped'));
    // a suite's time holds its testcases' (and its build's)
    expect(ms(suite.getAttribute('time'))).toBeGreaterThanOrEqual(cases.reduce((a, c) => a + ms(c.getAttribute('time')), 0));
  }
  if (flavour === 'jenkins') {
    const total = (a: string) => suites.reduce((n, s) => n + Number(s.getAttribute(a)), 0);
    for (const a of ['tests', 'failures', 'errors']) expect(Number(root.getAttribute(a))).toBe(total(a));
    expect(ms(root.getAttribute('time'))).toBe(suites.reduce((n, s) => n + ms(s.getAttribute('time')), 0));
  }
}

function checked(r: GradeResult, flavour: JunitFlavour): El {
  const xml = renderJunit(r, flavour);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const root = parse(xml);
  expect(root.tagName).toBe('testsuites');
  expect(schemaProblems(root, flavour)).toEqual([]);
  expectConsistent(root, flavour);
  return root;
}

const FLAVOURS: JunitFlavour[] = ['jenkins', 'ant'];

/** A build that failed: its tests never ran; the log keeps the compiler's messages. */
const BUILD_LOG = 'cc -o prog prog.c failed (exit status 1):\n  ex/prog.c:3:5: error: expected ‘;’ before ‘}’ token';
const buildFailed = () => result([exercise('ex', [
  test({ name: 'a', status: 'skipped', points: 0, reason: '`prog` was not built (see the build log)', durationMs: 0 }),
  test({ name: 'b', status: 'skipped', points: 0, reason: '`prog` was not built (see the build log)', durationMs: 0 }),
], { status: 'failed', log: BUILD_LOG })]);

describe('the structural rules encoded from the schemas', () => {
  it('catch what each schema forbids (else the tests below could not fail)', () => {
    const bad = parse('<testsuites skipped="0" timestamp="x"><testsuite name="e" tests="1" failures="0" errors="0"><testcase name="t"><properties/><system-out/></testcase></testsuite></testsuites>');
    expect(schemaProblems(bad, 'jenkins')).toEqual(['/testsuites: @skipped not allowed', '/testsuites: @timestamp not allowed', '/testsuites/testsuite/testcase: children "properties system-out"']);
    expect(schemaProblems(bad, 'ant')).toEqual(expect.arrayContaining([
      '/testsuites: @skipped not allowed',
      '/testsuites/testsuite: missing @hostname',
      '/testsuites/testsuite: children "testcase"',
      '/testsuites/testsuite/testcase: missing @classname',
      '/testsuites/testsuite/testcase: children "properties system-out"',
    ]));
  });
});

describe('junit reporter on a real grading', () => {
  let real: GradeResult;
  beforeAll(async () => {
    real = await gradeSample();
  }, 60000);

  it.each(FLAVOURS)('writes junit.xml that satisfies the %s schema', (flavour) => {
    const out = junitReporter.render(real, { ...ctx(), options: { junitFlavour: flavour } });
    const root = parse(out.files!['junit.xml']);
    expect(schemaProblems(root, flavour)).toEqual([]);
    expectConsistent(root, flavour);
  });

  it('is the jenkins flavour by default, with the totals on <testsuites>', () => {
    const root = parse(junitReporter.render(real, ctx()).files!['junit.xml']);
    expect(schemaProblems(root, 'jenkins')).toEqual([]);
    expect(root.getAttribute('tests')).toBe('2');
    expect(root.getAttribute('failures')).toBe('1');
  });

  it('has one suite per exercise and one case per test, with the reason and the findings', () => {
    const root = checked(real, 'jenkins');
    const [suite] = kids(root, 'testsuite');
    expect(suite.getAttribute('name')).toBe('msgq-ping-pong');
    const [pass, fail] = kids(suite, 'testcase');
    expect(pass.getAttribute('name')).toBe('one-client — one client sends a request and gets its reply');
    expect(pass.getAttribute('classname')).toBe('msgq-ping-pong');
    expect(kids(pass, 'failure')).toHaveLength(0);
    const failure = kids(fail, 'failure')[0];
    expect(failure.getAttribute('message')).toMatch(/^messages went to the wrong processes: `second` got what was meant for `first`/);
    expect(failure.textContent).toContain('-I received: beta\n  │ +I received: alpha');
    const out = kids(fail, 'system-out')[0].textContent!;
    expect(out).toContain('points: 0/2');
    expect(out).toContain('✘ `second`, `first` each get what was meant for them');
    expect(out).toContain('✔ nothing is left behind');
  });

  it('ant: the points and checks of each test are in its suite\'s output, the failure in its testcase', () => {
    const root = checked(real, 'ant');
    const [suite] = kids(root, 'testsuite');
    expect(suite.getAttribute('id')).toBe('0');
    expect(suite.getAttribute('package')).toBe('ipclab');
    const [, fail] = kids(suite, 'testcase');
    expect(kids(fail, 'failure')[0].textContent).toContain('+I received: alpha');
    const out = kids(suite, 'system-out')[0].textContent!;
    expect(out).toContain('crossed-replies: points: 0/2');
    expect(out).toContain('✔ nothing is left behind');
  });
});

describe('junit reporter edge cases', () => {
  it.each(FLAVOURS)('%s: a build failure is a failure carrying the compiler\'s message, never skipped', (flavour) => {
    const root = checked(buildFailed(), flavour);
    const [suite] = kids(root, 'testsuite');
    expect(suite.getAttribute('failures')).toBe('2');
    expect(suite.getAttribute('skipped')).toBe('0');
    for (const c of kids(suite, 'testcase')) {
      expect(kids(c, 'skipped')).toHaveLength(0);
      const [failure] = kids(c, 'failure');
      expect(failure.getAttribute('type')).toBe('not-built');
      expect(failure.getAttribute('message')).toBe('`prog` was not built (see the build log)');
      expect(failure.textContent).toContain('│   ex/prog.c:3:5: error: expected ‘;’ before ‘}’ token');
    }
    if (flavour === 'jenkins') expect(root.getAttribute('failures')).toBe('2');
  });

  it.each(FLAVOURS)('%s: a test skipped after an earlier one failed (verify --mutate) was built: no build log, not "not-built"', (flavour) => {
    const r = result([exercise('ex', [
      failing('first'),
      test({ name: 'later', status: 'skipped', points: 0, reason: 'not run: an earlier test failed', durationMs: 0 }),
    ], { status: 'built', log: 'ex/prog.c:1:1: warning: unused variable' })]);
    const [, later] = kids(kids(checked(r, flavour), 'testsuite')[0], 'testcase');
    const [failure] = kids(later, 'failure');
    expect(failure.getAttribute('type')).toBe('skipped');
    expect(failure.textContent).not.toContain('build log');
  });

  it.each(FLAVOURS)('%s: failure and error, with hidden and detail levels redacted', (flavour) => {
    const root = checked(mixed(), flavour);
    const cases = Object.fromEntries(kids(kids(root, 'testsuite')[0], 'testcase').map((c) => [c.getAttribute('name')!.split(' — ')[0], c]));
    expect(kids(cases['broken'], 'error')[0].getAttribute('message')).toContain('not your fault');
    expect(kids(cases['not-built'], 'failure')[0].getAttribute('message')).toBe('`prog` was not built (see the build log)');
    const hidden = cases['hidden-fail'];
    expect(hidden.getAttribute('name')).toBe('hidden-fail');
    expect(kids(hidden, 'failure')[0].getAttribute('message')).toBe('the details of this test are hidden');
    expect(kids(cases['none-fail'], 'failure')[0].textContent).toBe('the details of this test are hidden');
    const xml = renderJunit(mixed(), flavour);
    const actual = xml.slice(xml.indexOf('name="actual-fail'), xml.indexOf('</testcase>', xml.indexOf('name="actual-fail')));
    expect(actual).not.toContain('SECRET-EXPECTED');
    expect(actual).toContain('what the program printed');
    expect(xml).not.toContain('HIDDEN-TITLE');
  });

  it('times add up: the total is the sum of the suites, each its build and its tests, even when tests ran side by side', () => {
    // four 3-second tests side by side in a 4.3 s grading
    const r = result([exercise('a', [test({ name: 'x', durationMs: 3000 }), test({ name: 'y', durationMs: 3000 })], { durationMs: 250 }), exercise('b', [test({ name: 'z', durationMs: 3000.4 }), test({ name: 'w', durationMs: 2999.6 })])]);
    const root = checked(r, 'jenkins');
    expect(kids(root, 'testsuite').map((s) => s.getAttribute('time'))).toEqual(['6.250', '6.100']);
    expect(root.getAttribute('time')).toBe('12.350');
  });

  it('escapes markup and replaces characters XML cannot hold', () => {
    const nasty = 'a <b>&"\'</b> ]]> \u0000\u0001\u001b[31m \uD800 end';
    const r = result([exercise('ex', [failing('x', { reason: nasty, findings: [{ title: nasty, passed: false, actual: nasty, rationale: nasty }] })])]);
    const xml = renderJunit(r);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const failure = kids(kids(kids(parse(xml), 'testsuite')[0], 'testcase')[0], 'failure')[0];
    // control characters and lone surrogates are shown as escapes, as in every format
    expect(failure.getAttribute('message')).toBe('a <b>&"\'</b> ]]> \\x00\\x01\\x1b[31m \\ud800 end');
    expect(failure.textContent).toContain('a <b>&"\'</b> ]]>');
  });

  it.each(FLAVOURS)('%s: bounds huge output', (flavour) => {
    const r = result([exercise('ex', [failing('flood', { findings: [{ title: 'o', passed: false, actual: 'q'.repeat(5_000_000), rationale: 'flooded' }], reason: 'flooded' })])]);
    const xml = renderJunit(r, flavour);
    expect(xml.length).toBeLessThan(100_000);
    expect(xml).toContain('more characters cut');
  });

  it.each(FLAVOURS)('%s: a grading failure is an erroring testcase, and the build log suite output', (flavour) => {
    const r = result([exercise('ex', [test({ name: 'a' })], { log: 'warning: unused variable' })], ['ex: Error: boom\n    at /secret.js:1']);
    const root = checked(r, flavour);
    const [ex, ipclab] = kids(root, 'testsuite');
    expect(kids(ex, 'system-out')[0].textContent).toContain('warning: unused variable');
    expect(ipclab.getAttribute('errors')).toBe('1');
    const err = kids(kids(ipclab, 'testcase')[0], 'error')[0];
    expect(err.textContent).toBe('ex: Error: boom');
    if (flavour === 'jenkins') expect(root.getAttribute('errors')).toBe('1');
  });
});
