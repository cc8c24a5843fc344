// GitHub Classroom's legacy runner result, for classroom-resources/autograding-grading-reporter:
// that action reads the env var <RUNNER>_RESULTS, base64-decodes and JSON.parses it, prints each
// test, sums tests[].score for the points and fails the job on status 'fail' or 'error'.
// The shape follows what the official runners (autograding-command-grader, -io-grader) emit:
// {version: 1, status, max_score, tests: [{name, status, score, message, test_code, filename,
// line_no: 0, duration (milliseconds)}]}.
//
// The reporter's log and table count tests, not points: a runner scores passed ÷ tests × max_score
// (src/helpers/test-helpers.js getTestScore), while its notice sums tests[].score. The two agree
// for every result only with one test per runner, so ipclab also writes one step output per test
// (classroomRunners), named by runnerId, and `ipclab init` lists the same runners in the workflow.
import type { GradeResult, Status } from '../model.js';
import type { Reporter } from './types.js';
import { blocksToText, clip, errorLines, studentBlocks, studentView } from './student-view.js';
import { unmatchable, visibleDeep } from './untrusted.js';
import { INTERNAL_ERROR } from '../wording.js';

export interface ClassroomTest {
  name: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  message: string;
  test_code?: string;
  filename?: string;
  line_no: 0;
  duration?: number;
}

export interface ClassroomResult {
  version: 1;
  status: 'pass' | 'fail' | 'error';
  max_score: number;
  tests: ClassroomTest[];
}

/** The base64 travels through an environment variable (one variable is capped at 128 KiB on Linux). */
export const MAX_BASE64 = 90_000;

const TEST_STATUS: Record<Status, ClassroomTest['status']> = { passed: 'pass', failed: 'fail', skipped: 'fail', error: 'error' };
const RESULT_STATUS: Record<GradeResult['status'], ClassroomResult['status']> = { passed: 'pass', failed: 'fail', error: 'error' };

/** Each step shortens more, until the encoded result fits; the points never change. */
const STEPS: Array<{ message: number | 'none'; extras: boolean; name?: number; perExercise?: boolean }> = [
  { message: 4000, extras: true },
  { message: 1000, extras: true },
  { message: 200, extras: true },
  { message: 'none', extras: true },
  { message: 'none', extras: false },
  { message: 'none', extras: false, name: 60 },
  { message: 'none', extras: false, name: 60, perExercise: true },
];

export function classroomResult(r: GradeResult, step: (typeof STEPS)[number] = STEPS[0]): ClassroomResult {
  const tests: ClassroomTest[] = [];
  const internal = errorLines(r.errors);
  for (const e of r.exercises) {
    if (step.perExercise) {
      const worst = e.tests.some((t) => t.status === 'error') ? 'error' : e.tests.every((t) => t.status === 'passed') ? 'pass' : 'fail';
      tests.push({ name: e.id, status: worst, score: Math.round(e.points), message: '', line_no: 0 });
      continue;
    }
    for (const t of e.tests) {
      const v = studentView(t);
      const name = `${e.id}/${t.name}`;
      // the grading reporter prints messages in the job log: no line may pass for a compiler's
      const message = step.message === 'none' ? '' : clip(blocksToText(studentBlocks(v), step.message), step.message).split('\n').map(unmatchable).join('\n');
      const test: ClassroomTest = {
        name: step.name && name.length > step.name ? `${name.slice(0, step.name - 1)}…` : name,
        status: TEST_STATUS[t.status],
        score: Math.round(t.points),
        message,
        line_no: 0,
      };
      if (step.extras) {
        test.test_code = `ipclab grade ${shellWord(r.submission)} --exercise ${e.id} --test ${t.name}`;
        test.filename = '';
        test.duration = Math.round(t.durationMs);
      }
      tests.push(test);
    }
  }
  if (internal.length) {
    // grading itself failed somewhere: say so as a 0-point error entry, so the job shows it
    tests.push({ name: 'ipclab', status: 'error', score: 0, message: step.message === 'none' ? INTERNAL_ERROR : clip(internal.join('\n'), step.message), line_no: 0 });
  }
  return { version: 1, status: RESULT_STATUS[r.status], max_score: Math.round(r.maxPoints), tests: visibleDeep(tests) };
}

/** A path as one shell word. */
function shellWord(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * The reporter's runner id (and step output name) of a test: lower-case letters, digits, `-` and
 * one `_` between the exercise and the test, which neither id contains, so no two tests share one.
 * The reporter reads the runner's result from the environment variable runnerEnv(id).
 */
export function runnerId(exercise: string, test: string): string {
  return `${exercise}_${test}`;
}

/** The runner that says whether grading itself went through: always present, worth 0 points. */
export const IPCLAB_RUNNER = 'ipclab';

/** The environment variable the reporter reads a runner's base64 from. */
export function runnerEnv(id: string): string {
  return `${id.toUpperCase()}_RESULTS`;
}

/** The total base64 of all runners: the reporter gets them all in one environment. */
export const MAX_RUNNERS_BASE64 = 500_000;

/**
 * One runner result per test (plus the `ipclab` runner), so that the reporter's log total, table
 * and notice all equal ipclab's points: with one test, passed ÷ tests × max_score is the score.
 */
export function classroomRunners(r: GradeResult): Record<string, { result: ClassroomResult; base64: string }> {
  let last: Record<string, { result: ClassroomResult; base64: string }> = {};
  for (const step of STEPS.filter((s) => !s.perExercise)) {
    const combined = classroomResult(r, step);
    last = {};
    let i = 0;
    for (const e of r.exercises) {
      for (const t of e.tests) {
        const test = combined.tests[i++];
        const result: ClassroomResult = { version: 1, status: test.status, max_score: Math.round(t.maxPoints), tests: [test] };
        last[runnerId(e.id, t.name)] = { result, base64: encodeClassroom(result) };
      }
    }
    // grading itself: an error entry when it failed somewhere, else a 0-point pass (a runner
    // with no tests would show NaN in the reporter's table)
    const internal = combined.tests[i];
    const ipclab: ClassroomResult = internal
      ? { version: 1, status: 'error', max_score: 0, tests: [internal] }
      : { version: 1, status: 'pass', max_score: 0, tests: [{ name: 'ipclab: every exercise was graded', status: 'pass', score: 0, message: '', line_no: 0 }] };
    last[IPCLAB_RUNNER] = { result: ipclab, base64: encodeClassroom(ipclab) };
    const sizes = Object.values(last).map((x) => x.base64.length);
    if (Math.max(...sizes) <= MAX_BASE64 && sizes.reduce((a, b) => a + b, 0) <= MAX_RUNNERS_BASE64) break;
  }
  return last;
}

export function encodeClassroom(result: ClassroomResult): string {
  return Buffer.from(JSON.stringify(result), 'utf8').toString('base64');
}

/** The result with the most detail whose base64 fits in MAX_BASE64. */
export function renderClassroom(r: GradeResult): { result: ClassroomResult; base64: string } {
  let last: { result: ClassroomResult; base64: string } | undefined;
  for (const step of STEPS) {
    const result = classroomResult(r, step);
    const base64 = encodeClassroom(result);
    last = { result, base64 };
    if (base64.length <= MAX_BASE64) return last;
  }
  return last!;
}

export const classroomReporter: Reporter<'classroom'> = {
  name: 'classroom',
  description: 'GitHub Classroom runner result (base64 step output `result`, for autograding-grading-reporter) + classroom-result.json',
  render(r) {
    const { result, base64 } = renderClassroom(r);
    const runners = classroomRunners(r);
    const outputs = Object.fromEntries(Object.entries(runners).map(([id, x]) => [id, x.base64]));
    const readable = Object.fromEntries(Object.entries(runners).map(([id, x]) => [id, x.result]));
    return {
      githubOutput: { result: base64, ...outputs },
      files: { 'classroom-result.json': `${JSON.stringify(result, null, 2)}\n`, 'classroom-runners.json': `${JSON.stringify(readable, null, 2)}\n` },
    };
  },
};
