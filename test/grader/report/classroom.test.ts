// The legacy GitHub Classroom runner result, checked the way
// classroom-resources/autograding-grading-reporter reads it: env var <RUNNER>_RESULTS,
// base64-decoded, JSON.parsed; status, max_score, tests[].name/status/score/message/line_no;
// points = the sum of tests[].score.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GradeResult } from '../../../grader/model.js';
import { MAX_BASE64, classroomReporter, type ClassroomResult } from '../../../grader/report/classroom.js';
import { writeReports } from '../../../grader/report/write.js';
import { ctx, exercise, failing, gradeSample, mixed, result, test } from './fixtures.js';

/** What the reporter action does with the step output. */
function asTheReporterReadsIt(base64: string): ClassroomResult {
  const env: Record<string, string> = { IPCLAB_RESULTS: base64 };
  const runner = 'ipclab';
  return JSON.parse(Buffer.from(env[`${runner.trim().toUpperCase()}_RESULTS`], 'base64').toString('utf-8'));
}

const render = (r: GradeResult) => classroomReporter.render(r, ctx());
const decoded = (r: GradeResult) => asTheReporterReadsIt(render(r).githubOutput!.result);
const points = (c: ClassroomResult) => c.tests.reduce((a, t) => a + t.score, 0);

describe('classroom reporter on a real grading', () => {
  let real: GradeResult;
  beforeAll(async () => {
    real = await gradeSample();
  }, 60000);

  it('emits the runner result the grading reporter reads', () => {
    const c = decoded(real);
    expect(c).toMatchObject({ version: 1, status: 'fail', max_score: 4 });
    expect(points(c)).toBe(real.points);
    expect(points(c)).toBe(2);
    expect(c.tests.map((t) => [t.name, t.status, t.score])).toEqual([
      ['msgq-ping-pong/one-client', 'pass', 2],
      ['msgq-ping-pong/crossed-replies', 'fail', 0],
    ]);
    for (const t of c.tests) {
      expect(t.line_no).toBe(0);
      expect(Number.isInteger(t.score)).toBe(true);
      expect(typeof t.message).toBe('string');
      // as the official command and io graders: duration in milliseconds, filename, test_code
      expect(Number.isInteger(t.duration)).toBe(true);
      expect(t.filename).toBe('');
      expect(t.test_code).toBe(`ipclab grade ${real.submission} --exercise msgq-ping-pong --test ${t.name.split('/')[1]}`);
    }
    const crossed = c.tests[1];
    expect(crossed.message).toContain('messages went to the wrong processes: `second` got what was meant for `first`');
    expect(crossed.message).toContain('-I received: beta');
    expect(c.tests[0].message).toBe('');
  });

  it('writes the same JSON, readable, as classroom-result.json', () => {
    const out = render(real);
    expect(JSON.parse(out.files!['classroom-result.json'])).toEqual(decoded(real));
  });

  it('lands in $GITHUB_OUTPUT as `result=<base64>` and one line per runner through write.ts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-classroom-'));
    try {
      const ghOut = join(dir, 'github-output');
      writeFileSync(ghOut, '');
      writeReports(real, { formats: ['classroom'], outDir: join(dir, 'out'), color: false, verbose: false, env: { GITHUB_OUTPUT: ghOut }, print: () => {} });
      const lines = readFileSync(ghOut, 'utf8').split('\n').filter(Boolean);
      // the whole result, then each test's runner and the `ipclab` runner
      expect(lines.map((l) => l.split('=')[0])).toEqual(['result', 'msgq-ping-pong_one-client', 'msgq-ping-pong_crossed-replies', 'ipclab']);
      for (const l of lines) expect(l).toMatch(/^[a-z0-9_-]+=[A-Za-z0-9+/=]+$/);
      const [, value] = lines[0].match(/^result=([A-Za-z0-9+/=]+)$/)!;
      expect(asTheReporterReadsIt(value)).toEqual(decoded(real));
      expect(readFileSync(join(dir, 'out', 'classroom-result.json'), 'utf8')).toContain('"max_score": 4');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('classroom reporter edge cases', () => {
  it('maps statuses: skipped is a fail, error an error; the run status follows the result', () => {
    const c = decoded(mixed());
    const by = Object.fromEntries(c.tests.map((t) => [t.name, t]));
    expect(by['ex/ok'].status).toBe('pass');
    expect(by['ex/full-fail'].status).toBe('fail');
    expect(by['ex/broken'].status).toBe('error');
    expect(by['ex/not-built'].status).toBe('fail');
    expect(c.status).toBe('error');
    expect(decoded(result([exercise('ex', [test({ name: 'a' })])])).status).toBe('pass');
  });

  it('gives the command that re-runs a test, the path quoted for the shell', () => {
    const r = { ...result([exercise('ex', [failing('t')])]), submission: "my work/it's" };
    expect(decoded(r).tests[0].test_code).toBe("ipclab grade 'my work/it'\\''s' --exercise ex --test t");
  });

  it('respects hidden tests and detail levels in messages', () => {
    const by = Object.fromEntries(decoded(mixed()).tests.map((t) => [t.name, t]));
    expect(by['ex/full-fail'].message).toContain('SECRET-EXPECTED');
    for (const name of ['ex/hidden-fail', 'ex/none-fail']) {
      expect(by[name].message).toBe('the details of this test are hidden');
    }
    expect(by['ex/actual-fail'].message).not.toContain('SECRET-EXPECTED');
    expect(by['ex/actual-fail'].message).toContain('what the program printed');
    expect(JSON.stringify(decoded(mixed()))).not.toContain('HIDDEN-TITLE');
  });

  it('reports an internal error as a 0-point error entry without its stack', () => {
    const c = decoded(result([exercise('ex', [test({ name: 'a' })])], ['ex: Error: boom\n    at secret (/x.js:1:1)']));
    expect(c.status).toBe('error');
    expect(c.tests.at(-1)).toMatchObject({ name: 'ipclab', status: 'error', score: 0 });
    expect(c.tests.at(-1)!.message).toContain('boom');
    expect(c.tests.at(-1)!.message).not.toContain('/x.js');
    expect(points(c)).toBe(2);
  });

  it('stays under 90 KB of base64 with 500 tests of long messages, and the points still add up', () => {
    const tests = Array.from({ length: 500 }, (_, i) =>
      i % 3 === 0 ? test({ name: `t${i}`, maxPoints: 3 }) : failing(`a-rather-long-test-name-number-${i}`, { maxPoints: 2, reason: 'x'.repeat(50_000) }),
    );
    const r = result([exercise('ex', tests.slice(0, 250)), exercise('ex2', tests.slice(250))]);
    const b64 = render(r).githubOutput!.result;
    expect(b64.length).toBeLessThanOrEqual(MAX_BASE64);
    const c = asTheReporterReadsIt(b64);
    expect(c.tests).toHaveLength(500);
    expect(points(c)).toBe(r.points);
    expect(c.max_score).toBe(r.maxPoints);
    // messages went first
    expect(c.tests.every((t) => t.message === '')).toBe(true);
  });

  it('keeps short messages when they fit', () => {
    const r = result([exercise('ex', Array.from({ length: 30 }, (_, i) => failing(`t${i}`, { reason: 'y'.repeat(20_000) })))]);
    const c = decoded(r);
    expect(c.tests[0].message.length).toBeGreaterThan(100);
    expect(c.tests[0].message.length).toBeLessThanOrEqual(4000);
    expect(render(r).githubOutput!.result.length).toBeLessThanOrEqual(MAX_BASE64);
  });

  it('falls back to one entry per exercise for thousands of tests, keeping the points', () => {
    const r = result(Array.from({ length: 4 }, (_, e) => exercise(`exercise-${e}`, Array.from({ length: 1500 }, (_, i) => test({ name: `test-with-a-long-name-${i}`, maxPoints: 1, status: i % 2 ? 'passed' : 'failed' })))));
    const b64 = render(r).githubOutput!.result;
    expect(b64.length).toBeLessThanOrEqual(MAX_BASE64);
    const c = asTheReporterReadsIt(b64);
    expect(c.tests.map((t) => t.name)).toEqual(['exercise-0', 'exercise-1', 'exercise-2', 'exercise-3']);
    expect(points(c)).toBe(r.points);
  });
});
