// Gradescope's results.json, against a hand-written schema of the documented fields.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { packageRoot } from '../../../harness/settings.js';
import type { GradeResult } from '../../../grader/model.js';
import { MAX_TEST_OUTPUT, gradescopeReporter, type GradescopeResult } from '../../../grader/report/gradescope.js';
import type { ReportOptions } from '../../../grader/report/types.js';
import { ctx, exercise, failing, gradeSample, mixed, result, test } from './fixtures.js';

const schema = JSON.parse(readFileSync(join(packageRoot(), 'test', 'grader', 'report', 'gradescope-results.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

const results = (r: GradeResult, env: Record<string, string> = {}, options: ReportOptions = {}): GradescopeResult =>
  JSON.parse(gradescopeReporter.render(r, { ...ctx(env), options }).files!['results.json']);

describe('gradescope reporter on a real grading', () => {
  let real: GradeResult;
  beforeAll(async () => {
    real = await gradeSample();
  }, 60000);

  it('writes results.json with only documented fields', () => {
    const json = results(real);
    expect(validate(json)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('gives the score, each test with its points, status and output', () => {
    const json = results(real);
    expect(json).toMatchObject({ score: 2, output_format: 'text', visibility: 'visible', stdout_visibility: 'hidden' });
    expect(Number.isInteger(json.execution_time)).toBe(true);
    expect(json.output).toMatch(/^ipclab: 2\/4 points \(1 passed, 1 failed\)/);
    expect(json.tests.map((t) => [t.name.split(' — ')[0], t.score, t.max_score, t.status, t.visibility])).toEqual([
      ['msgq-ping-pong/one-client', 2, 2, 'passed', 'visible'],
      ['msgq-ping-pong/crossed-replies', 0, 2, 'failed', 'visible'],
    ]);
    expect(json.tests[0].name).toBe('msgq-ping-pong/one-client — one client sends a request and gets its reply');
    expect(json.tests[1].output).toContain('messages went to the wrong processes: `second` got what was meant for `first`');
    expect(json.tests[1].output).toContain('+I received: alpha');
    expect(json.tests[0].output).toBe('');
  });
});

describe('gradescope reporter edge cases', () => {
  it('validates with every kind of test, and maps error and skipped to failed', () => {
    const json = results(mixed());
    expect(validate(json)).toBe(true);
    const by = Object.fromEntries(json.tests.map((t) => [t.name.split(' — ')[0], t]));
    expect(by['ex/broken'].status).toBe('failed');
    expect(by['ex/not-built'].status).toBe('failed');
    expect(by['ex/ok'].status).toBe('passed');
  });

  it('shows a hidden test after publication, without its title or details; a 0-point one never', () => {
    const r = result([exercise('ex', [failing('h', { hidden: true, title: 'HIDDEN-TITLE' }), failing('z', { hidden: true, maxPoints: 0 }), failing('v')])]);
    const json = results(r);
    expect(json.tests.map((t) => t.visibility)).toEqual(['after_published', 'hidden', 'visible']);
    expect(json.tests[0]).toMatchObject({ name: 'ex/h', output: 'the details of this test are hidden', score: 0, max_score: 2 });
    expect(JSON.stringify(json.tests.slice(0, 2))).not.toMatch(/SECRET|HIDDEN-TITLE|msgrcv/);
    expect(results(r, { IPCLAB_GRADESCOPE_HIDDEN: 'visible' }).tests.map((t) => t.visibility)).toEqual(['visible', 'visible', 'visible']);
    expect(results(r, { IPCLAB_GRADESCOPE_HIDDEN: 'bogus' }).tests[0].visibility).toBe('after_published');
  });

  it('lets the instructor choose the visibility of hidden tests (--gradescope-hidden), over the environment', () => {
    const r = result([exercise('ex', [failing('h', { hidden: true }), failing('z', { hidden: true, maxPoints: 0 }), failing('v')])]);
    expect(results(r, {}, { gradescopeHidden: 'after_due_date' }).tests.map((t) => t.visibility)).toEqual(['after_due_date', 'after_due_date', 'visible']);
    expect(results(r, { IPCLAB_GRADESCOPE_HIDDEN: 'hidden' }, { gradescopeHidden: 'visible' }).tests.map((t) => t.visibility)).toEqual(['visible', 'visible', 'visible']);
    expect(validate(results(r, {}, { gradescopeHidden: 'visible' }))).toBe(true);
  });

  it('numbers tests <exercise>.<test> in the order graded', () => {
    const r = result([exercise('a', [test({ name: 'x' }), test({ name: 'y' })]), exercise('b', [test({ name: 'z' })])]);
    expect(results(r).tests.map((t) => [t.name.split(' — ')[0], t.number])).toEqual([['a/x', '1.1'], ['a/y', '1.2'], ['b/z', '2.1']]);
  });

  it("respects 'none' and 'actual-only'", () => {
    const by = Object.fromEntries(results(mixed()).tests.map((t) => [t.name.split(' — ')[0], t.output]));
    expect(by['ex/none-fail']).toBe('the details of this test are hidden');
    expect(by['ex/actual-fail']).not.toContain('SECRET-EXPECTED');
    expect(by['ex/actual-fail']).toContain('what the program printed');
    expect(by['ex/full-fail']).toContain('SECRET-EXPECTED');
  });

  it('bounds a flood of output', () => {
    const r = result([exercise('ex', [failing('flood', { findings: [{ title: 'o', passed: false, actual: 'q'.repeat(1_000_000), rationale: 'flooded' }], reason: 'flooded' })])]);
    const json = results(r);
    expect(json.tests[0].output.length).toBeLessThanOrEqual(MAX_TEST_OUTPUT);
    expect(json.tests[0].output).toContain('more characters cut');
  });

  it('puts build logs and internal errors (no stack) in the top-level output', () => {
    const r = result([exercise('ex', [test({ name: 'a', status: 'skipped', reason: 'not built' })], { status: 'failed', log: 'prog.c:1: error: oops' })], ['ex: Error: boom\n    at /secret.js:1']);
    const json = results(r);
    expect(json.output).toContain('ex: the build failed\n  │ prog.c:1: error: oops');
    expect(json.output).toContain('ipclab could not finish grading (not your fault):\nex: Error: boom');
    expect(json.output).not.toContain('/secret.js');
    expect(validate(json)).toBe(true);
  });
});
