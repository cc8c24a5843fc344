// GitHub Classroom's reporter (classroom-resources/autograding-grading-reporter, tag v1) computes
// what students and Classroom see from the runner results ipclab emits. Its arithmetic, restated
// here from its sources (src/helpers/test-helpers.js, src/console-results.js,
// src/aggregate-results.js, src/notify-classroom.js), so CI checks agreement without its code;
// scripts/check-classroom.mjs runs the real one.
//   log, per runner with max_score ≠ 0:  "Total points for <runner>: " + (passed ÷ tests × max_score).toFixed(2)
//   table, per runner:                   passed ÷ tests × max_score, and a "Total:" row of their sum
//   notice:                              "Points " + Σ tests[].score + "/" + Σ max_score (runners with max_score ≠ 0)
//   job:                                 fails when any runner's status is fail or error
import type { GradeResult } from '../../../grader/model.js';
import { classroomReporter, IPCLAB_RUNNER, runnerEnv, runnerId, type ClassroomResult } from '../../../grader/report/classroom.js';
import { classroomRunnerIds } from '../../../kits/student.js';
import type { LoadedExercise } from '../../../harness/spec/load.js';
import { ctx, exercise, failing, mixed, result, test } from './fixtures.js';

interface Runner { runner: string; results: ClassroomResult }

/** getTestScore: passed tests over all tests, times the runner's max_score. */
const runnerScore = ({ results }: Runner) => (results.tests.filter((t) => t.status === 'pass').length / results.tests.length) * (results.max_score || 0);

function asTheReporterSeesIt(runners: Runner[]) {
  const log = runners.filter((r) => r.results.max_score).map((r) => Number(runnerScore(r).toFixed(2)));
  const table = runners.map(runnerScore);
  const counted = runners.filter((r) => r.results.max_score);
  return {
    log: log.reduce((a, b) => a + b, 0),
    tableRows: table,
    table: `${table.reduce((a, b) => a + b, 0)}/${runners.reduce((a, r) => a + (r.results.max_score || 0), 0)}`,
    notice: `Points ${counted.reduce((a, r) => a + r.results.tests.reduce((s, t) => s + t.score, 0), 0)}/${counted.reduce((a, r) => a + r.results.max_score, 0)}`,
    jobFails: runners.some((r) => r.results.status === 'fail' || r.results.status === 'error'),
  };
}

/** What the workflow hands the reporter: INPUT_RUNNERS and <RUNNER>_RESULTS from the step outputs. */
function throughTheWorkflow(r: GradeResult, runnerIds: string[]): Runner[] {
  const outputs = classroomReporter.render(r, ctx()).githubOutput!;
  const env: Record<string, string> = {};
  for (const id of runnerIds) env[runnerEnv(id)] = outputs[id];
  return runnerIds.map((runner) => ({ runner, results: JSON.parse(Buffer.from(env[`${runner.trim().toUpperCase()}_RESULTS`], 'base64').toString('utf-8')) }));
}

const idsOf = (r: GradeResult) => [...r.exercises.flatMap((e) => e.tests.map((t) => runnerId(e.id, t.name))), IPCLAB_RUNNER];

const cases: Record<string, GradeResult> = {
  'some pass, some fail, unequal points': result([
    exercise('msgq-ping-pong', [test({ name: 'one-client', maxPoints: 2 }), failing('crossed-replies', { maxPoints: 3 }), test({ name: 'usage', maxPoints: 1 })]),
    exercise('pipe-copy', [failing('short-line', { maxPoints: 5 }), test({ name: 'free', maxPoints: 0 })]),
  ]),
  'a build failure': result([exercise('pipe-copy', [test({ name: 'a', status: 'skipped', maxPoints: 4, reason: 'not built' }), test({ name: 'b', status: 'skipped', maxPoints: 3, reason: 'not built' })], { status: 'failed', log: 'x.c:1:1: error: expected ;' })]),
  'a full pass': result([exercise('pipe-copy', [test({ name: 'a', maxPoints: 4 }), test({ name: 'b', maxPoints: 3 })])]),
  'grading itself failed': result([exercise('pipe-copy', [test({ name: 'a', maxPoints: 4 }), test({ name: 'b', status: 'error', maxPoints: 3, reason: 'ipclab could not run it' })])], ['pipe-copy: Error: boom']),
  'the mixed fixture': mixed(),
};

describe("the Classroom reporter's log, table and notice equal ipclab's points", () => {
  for (const [name, r] of Object.entries(cases)) {
    it(`with one runner per test: ${name}`, () => {
      const seen = asTheReporterSeesIt(throughTheWorkflow(r, idsOf(r)));
      expect(seen.log).toBe(r.points);
      expect(seen.table).toBe(`${r.points}/${r.maxPoints}`);
      expect(seen.tableRows.every((x) => Number.isInteger(x))).toBe(true); // no NaN, no 0.666…
      expect(seen.notice).toBe(`Points ${r.points}/${r.maxPoints}`);
      expect(seen.jobFails).toBe(r.status !== 'passed');
    });
  }

  it('while one runner for every test (step output `result`) gets the log and table wrong', () => {
    const r = cases['some pass, some fail, unequal points'];
    const single = [{ runner: 'ipclab', results: JSON.parse(Buffer.from(classroomReporter.render(r, ctx()).githubOutput!.result, 'base64').toString()) }];
    const seen = asTheReporterSeesIt(single);
    expect(seen.notice).toBe(`Points ${r.points}/${r.maxPoints}`);
    // 3 of 5 tests passed (one worth 0): 3/5 × 11 = 6.6, not the 3 points earned
    expect(r.points).toBe(3);
    expect(seen.log).toBe(6.6);
    expect(seen.table).toBe("6.6/11");
  });

  it('`ipclab init` lists the runners ipclab emits, in the same order', () => {
    const r = cases['some pass, some fail, unequal points'];
    const loaded = r.exercises.map((e) => ({ spec: { id: e.id, tests: e.tests.map((t) => ({ name: t.name })) } })) as unknown as LoadedExercise[];
    expect(classroomRunnerIds(loaded)).toEqual(idsOf(r));
    const outputs = classroomReporter.render(r, ctx()).githubOutput!;
    expect(Object.keys(outputs).filter((k) => k !== 'result')).toEqual(classroomRunnerIds(loaded));
  });

  it('runner ids are unique and their variables are what the reporter looks up', () => {
    expect(runnerId('a-b', 'c')).not.toBe(runnerId('a', 'b-c'));
    expect(runnerEnv(runnerId('pipe-copy', 'short-line'))).toBe('PIPE-COPY_SHORT-LINE_RESULTS');
  });
});
