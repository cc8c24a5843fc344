// Classroom 50's documented result contract, classroom50/result/v1 (foundation50/classroom50,
// wiki/Advanced-Autograding.md), validated against a hand-written copy of its JSON Schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { packageRoot } from '../../../harness/settings.js';
import type { GradeResult } from '../../../grader/model.js';
import { MAX_BLOCK, classroom50Reporter } from '../../../grader/report/classroom50.js';
import { ctx, exercise, failing, gradeSample, mixed, result, test } from './fixtures.js';

const schema = JSON.parse(readFileSync(join(packageRoot(), 'test', 'grader', 'report', 'classroom50-result-v1.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** What Classroom 50's runner gives an autograder (wiki/Advanced-Autograding.md, "Contract"). */
const RUNNER_ENV = {
  CLASSROOM: 'cs-principles',
  ASSIGNMENT: 'msgq',
  SUBMISSION_TAG: 'submit/2026-06-01T14-32-05Z-a1b2c3d',
  USERNAME: 'alice',
  OWNER: 'alice',
  ASSIGNMENT_TYPE: 'individual',
  COMMIT_URL: 'https://github.com/org/cs-principles-msgq-alice/commit/a1b2c3d',
  RELEASE_URL: 'https://github.com/org/cs-principles-msgq-alice/releases/tag/submit%2F2026-06-01T14-32-05Z-a1b2c3d',
  REVIEW_URL: 'https://github.com/org/cs-principles-msgq-alice/compare/base...a1b2c3d',
};

const render = (r: GradeResult, env: Record<string, string> = RUNNER_ENV) => classroom50Reporter.render(r, ctx(env));
const resultJson = (r: GradeResult, env?: Record<string, string>) => JSON.parse(render(r, env).files!['result.json']);

describe('classroom50 reporter on a real grading', () => {
  let real: GradeResult;
  beforeAll(async () => {
    real = await gradeSample();
  }, 60000);

  it('writes a result.json that validates against classroom50/result/v1', () => {
    const json = resultJson(real);
    expect(validate(json)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('takes identity from the runner environment and totals from the tests', () => {
    const json = resultJson(real);
    expect(json).toMatchObject({
      schema: 'classroom50/result/v1',
      classroom: 'cs-principles',
      assignment: 'msgq',
      assignment_type: 'individual',
      owner: 'alice',
      submission: RUNNER_ENV.SUBMISSION_TAG,
      commit: RUNNER_ENV.COMMIT_URL,
      release: RUNNER_ENV.RELEASE_URL,
      review: RUNNER_ENV.REVIEW_URL,
      score: 2,
      'max-score': 4,
    });
    expect(json.datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(json.tests).toEqual([
      { 'test-name': 'msgq-ping-pong/one-client', passed: true, score: 2, 'max-score': 2 },
      { 'test-name': 'msgq-ping-pong/crossed-replies', passed: false, score: 0, 'max-score': 2 },
    ]);
  });

  it('writes a release body for students with a table and the failure', () => {
    const body = render(real).files!['release-body.md'];
    expect(body).toMatch(/^## ipclab: 2\/4 points/);
    expect(body).toContain('| ✅ | msgq-ping-pong | one-client — one client sends a request and gets its reply | 2/2 |');
    expect(body).toContain('### ❌ msgq-ping-pong / crossed-replies');
    expect(body).toContain('```diff\n@@ -1,1 +1,1 @@\n-I received: beta\n+I received: alpha\n```');
  });
});

describe('classroom50 reporter edge cases', () => {
  it('falls back to COMMIT_URL for review and USERNAME for owner, as the docs do', () => {
    const { REVIEW_URL: _r, OWNER: _o, ...env } = RUNNER_ENV;
    const json = resultJson(mixed(), env);
    expect(json.review).toBe(RUNNER_ENV.COMMIT_URL);
    expect(json.owner).toBe('alice');
    expect(validate(json)).toBe(true);
  });

  it('outside Classroom 50 leaves the identity out and says which variables are missing', () => {
    const out = render(mixed(), {});
    expect(out.stderr).toMatch(/CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL not set/);
    const json = JSON.parse(out.files!['result.json']);
    expect(Object.keys(json)).toEqual(['schema', 'datetime', 'graded_at', 'score', 'max-score', 'tests']);
    expect(render(mixed()).stderr).toBeUndefined();
    expect(out.stdout).toBeUndefined();
  });

  it('gives every test exactly the documented fields, integer points, hidden ones included', () => {
    const json = resultJson(mixed());
    expect(validate(json)).toBe(true);
    for (const t of json.tests) expect(Object.keys(t).sort()).toEqual(['max-score', 'passed', 'score', 'test-name']);
    expect(json.score).toBe(2);
    expect(json['max-score']).toBe(14);
    expect(JSON.stringify(json)).not.toMatch(/SECRET|HIDDEN-TITLE/);
  });

  it('keeps hidden details and expected values out of the release body', () => {
    const body = render(mixed()).files!['release-body.md'];
    expect(body).not.toContain('HIDDEN-TITLE');
    expect(body).toContain('### ❌ ex / hidden-fail (0/2)\n\nthe details of this test are hidden');
    expect(body).toContain('### ❌ ex / none-fail — the none-fail test (0/2)\n\nthe details of this test are hidden');
    const actual = body.slice(body.indexOf('ex / actual-fail'));
    expect(actual.slice(0, actual.indexOf('###'))).not.toContain('SECRET-EXPECTED');
    expect(body).toContain('ipclab could not run this test (not your fault): init died');
    // the full-detail test does show its expected value
    expect(body).toContain('-SECRET-EXPECTED');
  });

  it('clips each output block to 2,000 characters, and output cannot break out of its fence', () => {
    const flood = `\`\`\`\n</details>\n@everyone ${'z'.repeat(50_000)}`;
    const r = result([exercise('ex', [failing('flood', { findings: [{ title: 'output', passed: false, actual: flood, expected: 'x', rationale: 'flooded' }], reason: 'flooded' })])]);
    const body = render(r).files!['release-body.md'];
    const zs = body.match(/z+/g)!.sort((a, b) => b.length - a.length)[0];
    expect(zs.length).toBeLessThan(MAX_BLOCK);
    expect(body).toContain('more characters cut');
    expect(body).toContain('````\n```\n</details>');
    expect(body.length).toBeLessThan(10_000);
  });

  it('stays within a Release body for a huge result', () => {
    const r = result([exercise('ex', Array.from({ length: 400 }, (_, i) => failing(`t${i}`, { reason: 'r'.repeat(3000) })), { log: 'warning: '.repeat(1000) })]);
    const body = render(r).files!['release-body.md'];
    expect(body.length).toBeLessThanOrEqual(125_000);
    expect(body).toMatch(/more sections left out/);
  });

  it('shows the build log and internal errors (first line only)', () => {
    const r = result([exercise('ex', [test({ name: 'a', status: 'skipped', reason: 'not built' })], { status: 'failed', log: 'ex/prog.c:3:1: error: expected ;' })], ['ex: Error: boom\n    at /secret.js:1']);
    const body = render(r).files!['release-body.md'];
    expect(body).toContain('ex/prog.c:3:1: error: expected ;');
    expect(body).toContain('ipclab could not finish grading (not your fault)');
    expect(body).not.toContain('/secret.js');
  });
});
