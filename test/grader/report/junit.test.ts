// JUnit XML, parsed back with xmlbuilder2's DOM and checked against the common shape:
// testsuites > testsuite (per exercise) > testcase (per test) with failure/error/skipped and
// system-out; counts and times as attributes.
import { create } from 'xmlbuilder2';
import type { GradeResult } from '../../../grader/model.js';
import { renderJunit, junitReporter } from '../../../grader/report/junit.js';
import { ctx, exercise, failing, gradeSample, mixed, result, test } from './fixtures.js';

type El = { nodeType: number; tagName: string; getAttribute(n: string): string | null; childNodes: ArrayLike<El>; textContent: string | null };
/** Child elements (by childNodes: the DOM's `children` here lists descendants). */
const kids = (e: El, tag?: string) => Array.from(e.childNodes).filter((c) => c.nodeType === 1 && (!tag || c.tagName === tag));
const parse = (xml: string): El => create(xml).root().node as unknown as El;

/** The common JUnit shape: element names, nesting, required attributes, numeric counts. */
function expectJunitShape(root: El): void {
  expect(root.tagName).toBe('testsuites');
  for (const a of ['tests', 'failures', 'errors', 'time']) expect(root.getAttribute(a)).toMatch(/^\d+(\.\d+)?$/);
  for (const suite of kids(root)) {
    expect(suite.tagName).toBe('testsuite');
    expect(suite.getAttribute('name')).toBeTruthy();
    for (const a of ['tests', 'failures', 'errors', 'skipped', 'time']) expect(suite.getAttribute(a)).toMatch(/^\d+(\.\d+)?$/);
    expect(suite.getAttribute('timestamp')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    const order = kids(suite).map((c) => c.tagName);
    expect(order.join(' ')).toMatch(/^(properties\b ?)?(testcase\b ?)*(system-out)?$/);
    const cases = kids(suite, 'testcase');
    expect(Number(suite.getAttribute('tests'))).toBe(cases.length);
    const count = (tag: string) => cases.filter((c) => kids(c, tag).length).length;
    expect(Number(suite.getAttribute('failures'))).toBe(count('failure'));
    expect(Number(suite.getAttribute('errors'))).toBe(count('error'));
    expect(Number(suite.getAttribute('skipped'))).toBe(count('skipped'));
    for (const c of cases) {
      expect(c.getAttribute('name')).toBeTruthy();
      expect(c.getAttribute('classname')).toBeTruthy();
      expect(c.getAttribute('time')).toMatch(/^\d+\.\d{3}$/);
      const inner = kids(c).map((k) => k.tagName);
      expect(inner.join(' ')).toMatch(/^(properties\b ?)?((failure|error|skipped)\b ?)?(system-out)?$/);
    }
  }
}

describe('junit reporter on a real grading', () => {
  let real: GradeResult;
  beforeAll(async () => {
    real = await gradeSample();
  }, 60000);

  it('writes junit.xml in the common shape', () => {
    const out = junitReporter.render(real, ctx());
    const xml = out.files!['junit.xml'];
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const root = parse(xml);
    expectJunitShape(root);
    expect(root.getAttribute('tests')).toBe('2');
    expect(root.getAttribute('failures')).toBe('1');
  });

  it('has one suite per exercise and one case per test, with the reason and the findings', () => {
    const root = parse(renderJunit(real));
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
    const props = kids(kids(fail, 'properties')[0], 'property').map((p) => [p.getAttribute('name'), p.getAttribute('value')]);
    expect(props).toEqual([['points', '0'], ['max_points', '2']]);
  });
});

describe('junit reporter edge cases', () => {
  it('uses failure, error and skipped, and redacts hidden and detail levels', () => {
    const root = parse(renderJunit(mixed()));
    expectJunitShape(root);
    const cases = Object.fromEntries(kids(kids(root, 'testsuite')[0], 'testcase').map((c) => [c.getAttribute('name')!.split(' — ')[0], c]));
    expect(kids(cases['broken'], 'error')[0].getAttribute('message')).toContain('not your fault');
    expect(kids(cases['not-built'], 'skipped')[0].getAttribute('message')).toBe('`prog` was not built (see the build log)');
    const hidden = cases['hidden-fail'];
    expect(hidden.getAttribute('name')).toBe('hidden-fail');
    expect(kids(hidden, 'failure')[0].getAttribute('message')).toBe('the details of this test are hidden');
    expect(kids(cases['none-fail'], 'failure')[0].textContent).toBe('the details of this test are hidden');
    const xml = renderJunit(mixed());
    const actual = xml.slice(xml.indexOf('name="actual-fail'), xml.indexOf('</testcase>', xml.indexOf('name="actual-fail')));
    expect(actual).not.toContain('SECRET-EXPECTED');
    expect(actual).toContain('what the program printed');
    expect(xml).not.toContain('HIDDEN-TITLE');
    expect(root.getAttribute('errors')).toBe('1');
    expect(root.getAttribute('skipped')).toBe('1');
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

  it('bounds huge output', () => {
    const r = result([exercise('ex', [failing('flood', { findings: [{ title: 'o', passed: false, actual: 'q'.repeat(5_000_000), rationale: 'flooded' }], reason: 'flooded' })])]);
    const xml = renderJunit(r);
    expect(xml.length).toBeLessThan(100_000);
    expect(xml).toContain('more characters cut');
  });

  it('reports a grading failure as an erroring testcase, and the build log as suite output', () => {
    const r = result([exercise('ex', [test({ name: 'a' })], { log: 'warning: unused variable' })], ['ex: Error: boom\n    at /secret.js:1']);
    const root = parse(renderJunit(r));
    expectJunitShape(root);
    expect(root.getAttribute('errors')).toBe('1');
    const [ex, ipclab] = kids(root, 'testsuite');
    expect(kids(ex, 'system-out')[0].textContent).toContain('warning: unused variable');
    const err = kids(kids(ipclab, 'testcase')[0], 'error')[0];
    expect(err.textContent).toBe('ex: Error: boom');
  });
});
