// Hand-made results for the reporters' edge cases, totalled by grader/score.ts as real ones are,
// and one real grading of the bundled sample (real processes, about 2 s).
import { join } from 'node:path';
import { gradeSubmission } from '../../../grader/grade.js';
import { packageRoot } from '../../../harness/settings.js';
import { RESULT_VERSION, type ExerciseResult, type GradeResult, type TestResult } from '../../../grader/model.js';
import { totalExercise, totalGrade } from '../../../grader/score.js';
import type { ReportContext } from '../../../grader/report/types.js';

/** The sample submission, two tests: one-client passes, crossed-replies fails (all replies have type 2). */
export function gradeSample(): Promise<GradeResult> {
  return gradeSubmission(join(packageRoot(), 'examples', 'sample-submission'), { exercises: ['msgq-ping-pong'], tests: ['one-client', 'crossed-replies'] });
}

export function ctx(env: Record<string, string | undefined> = {}): ReportContext {
  return { color: false, verbose: false, env };
}

export function test(over: Partial<TestResult> & { name: string }): TestResult {
  const status = over.status ?? 'passed';
  const maxPoints = over.maxPoints ?? 2;
  return {
    title: `the ${over.name} test`,
    status,
    points: status === 'passed' ? maxPoints : 0,
    maxPoints,
    findings: [],
    durationMs: 12,
    hidden: false,
    detail: 'full',
    processes: [],
    ...over,
  };
}

/** A failing test whose output check carries an expected value, an actual value and a diff. */
export function failing(name: string, over: Partial<TestResult> = {}): TestResult {
  return test({
    name,
    status: 'failed',
    reason: 'the output of `client` is not what was expected',
    diagnosis: '`server` is blocked in msgrcv() on queue 0x1234',
    hints: ['reply with the mtype the client asked for'],
    findings: [
      {
        title: 'the output of `client` is "SECRET-EXPECTED\\n"',
        passed: false,
        expected: 'SECRET-EXPECTED\n',
        actual: 'what the program printed\n',
        rationale: 'the output of `client` is not what was expected',
        diff: '@@ -1 +1 @@\n-SECRET-EXPECTED\n+what the program printed',
      },
      { title: '`client` exits with status 0', passed: false, rationale: 'expected `client` to exit with status 0, but it exited with status 1' },
      { title: 'nothing is left behind', passed: true },
    ],
    ...over,
  });
}

export function exercise(id: string, tests: TestResult[], build: Partial<ExerciseResult['build']> = {}): ExerciseResult {
  return totalExercise({ id, title: `the ${id} exercise`, build: { status: 'built', log: '', missing: {}, durationMs: 100, ...build }, tests });
}

export function result(exercises: ExerciseResult[], errors: string[] = []): GradeResult {
  return totalGrade({
    version: RESULT_VERSION,
    tool: { name: 'ipclab', version: '0.0.0-test' },
    submission: 'sub',
    startedAt: '2026-06-01T14:32:05.123Z',
    durationMs: 4321,
    isolation: { mode: 'isolated', description: 'isolated: test' },
    exercises,
    errors,
  });
}

/** One exercise with one test of each kind that must be redacted, plus a pass and an error. */
export function mixed(): GradeResult {
  return result([
    exercise('ex', [
      test({ name: 'ok' }),
      failing('full-fail'),
      failing('hidden-fail', { hidden: true, title: 'HIDDEN-TITLE' }),
      failing('none-fail', { detail: 'none' }),
      failing('actual-fail', { detail: 'actual-only' }),
      test({ name: 'broken', status: 'error', reason: 'ipclab could not run this test (not your fault): init died', findings: [] }),
      test({ name: 'not-built', status: 'skipped', reason: '`prog` was not built (see the build log)', findings: [] }),
    ]),
  ]);
}
