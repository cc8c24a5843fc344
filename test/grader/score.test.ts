// grader/score.ts without processes: hand-made observations and findings → verdicts, points, totals.
import type { Observation } from '../../harness/run/observation.js';
import type { TestSpec } from '../../harness/spec/types.js';
import type { ExerciseResult, Finding, GradeResult, TestResult } from '../../grader/model.js';
import { exitCode, notRun, totalExercise, totalGrade, verdict } from '../../grader/score.js';
import { diagnosisOf, outOfTime } from './checks/observations.js';

const spec = (over: Partial<TestSpec> = {}): TestSpec => ({
  name: 'echo', title: 'echoes its input', points: 3, processes: { main: { run: ['echo'] } }, checks: [], ...over,
});

const observation = (over: Partial<Observation> = {}): Observation => ({
  mode: 'isolated', isolation: 'isolated', durationMs: 12.34, processes: [], streams: {}, streamIds: {}, stdinIds: {}, orphans: [],
  samples: {}, sampleBytes: {}, leftovers: [], workFiles: [], timeline: [], vars: {}, bounds: [], ...over,
});

const pass: Finding = { title: 'main exits with status 0', passed: true };
const fail: Finding = { title: 'stdout is "hi"', passed: false, rationale: 'expected "hi", got "ho"' };

describe('verdict', () => {
  it('passes with full points when every finding passed', () => {
    const r = verdict(spec(), observation(), [pass], 'full');
    expect(r).toMatchObject({ name: 'echo', title: 'echoes its input', status: 'passed', points: 3, maxPoints: 3, hidden: false, detail: 'full' });
    expect(r.reason).toBeUndefined();
    expect(r.findings).toEqual([pass]);
  });

  it('fails with 0 points on the first failing finding, its rationale the reason', () => {
    const second: Finding = { title: 'no zombie', passed: false, rationale: 'a zombie was left' };
    const r = verdict(spec(), observation(), [pass, fail, second], 'full');
    expect(r).toMatchObject({ status: 'failed', points: 0, maxPoints: 3, reason: 'expected "hi", got "ho"' });
    expect(r.findings).toHaveLength(3);
  });

  it('says which check failed when the finding has no rationale', () => {
    const r = verdict(spec(), observation(), [{ title: 'the queue is gone', passed: false }], 'full');
    expect(r.reason).toBe('failed: the queue is gone');
  });

  it('fails a run the harness ended (timeout, output limit) whatever the findings say', () => {
    const termination = outOfTime(2000);
    const r = verdict(spec(), observation({ termination }), [pass, fail], 'full');
    expect(r).toMatchObject({ status: 'failed', points: 0, reason: 'the test did not finish within 2 s: `main` still running' });
  });

  it("is an error, not the student's fault, when the harness itself failed; that comes first", () => {
    const termination = outOfTime(2000);
    const r = verdict(spec(), observation({ harnessError: { code: 'init', message: 'the init died' }, termination }), [fail], 'full');
    expect(r).toMatchObject({ status: 'error', points: 0, maxPoints: 3, reason: 'ipclab could not run this test (not your fault): the init died' });
  });

  it('keeps a hidden test hidden and its own detail over the exercise default', () => {
    expect(verdict(spec({ hidden: true, detail: 'none' }), observation(), [pass], 'full')).toMatchObject({ hidden: true, detail: 'none', points: 3 });
    expect(verdict(spec({ hidden: true }), observation(), [fail], 'actual-only')).toMatchObject({ hidden: true, detail: 'actual-only', status: 'failed' });
  });

  it('passes a 0-point test with 0 of 0', () => {
    expect(verdict(spec({ points: 0 }), observation(), [pass], 'full')).toMatchObject({ status: 'passed', points: 0, maxPoints: 0 });
  });

  it('rounds times (ms to the whole, process times to 0.1 ms) and keeps at most 200 timeline events', () => {
    const processes = [{ name: 'main', instance: 0, label: 'main', argv: ['echo', 'hi'], pid: 7, startMs: 1.26, endMs: 9.94, cpuMs: 0.04, exit: { code: 0 } }];
    const timeline = Array.from({ length: 250 }, (_, i) => ({ ms: i + 0.123, kind: 'output' as const, stream: 'stdout', text: `line ${i}` }));
    const r = verdict(spec(), observation({ processes, timeline, diagnosis: diagnosisOf([{ pid: 7, label: 'main', program: 'cat', who: { pid: 7, label: 'main', program: 'cat' }, state: 'blocked', call: 'read', cpuTicks: 0, on: { kind: 'other' } }]) }), [pass], 'full');
    expect(r.durationMs).toBe(12);
    expect(r.processes).toEqual([{ label: 'main', argv: ['echo', 'hi'], pid: 7, exit: { code: 0 }, killedBy: undefined, startMs: 1.3, endMs: 9.9, cpuMs: 0 }]);
    expect(r.timeline).toHaveLength(200);
    expect(r.timeline![199]).toEqual({ ms: 199.1, kind: 'output', stream: 'stdout', text: 'line 199' });
    expect(r.diagnosis).toBe('`main` (pid 7) is blocked in read()'); // the facts worded (grader/wording/hang.ts)
  });
});

describe('notRun', () => {
  it.each(['failed', 'skipped', 'error'] as const)('gives a %s test 0 points with its reason as the one finding', (status) => {
    const r = notRun(spec({ hidden: true }), status, 'echo was not built', 'full');
    expect(r).toEqual({
      name: 'echo', title: 'echoes its input', status, points: 0, maxPoints: 3, reason: 'echo was not built',
      findings: [{ title: 'the programs it needs exist', passed: false, rationale: 'echo was not built' }],
      durationMs: 0, hidden: true, detail: 'full', processes: [],
    });
  });
});

const result = (status: TestResult['status'], points: number, maxPoints: number): TestResult => ({
  name: `t-${status}-${points}`, title: '', status, points, maxPoints, findings: [], durationMs: 0, hidden: false, detail: 'full', processes: [],
});

const exercise = (id: string, tests: TestResult[]): ExerciseResult =>
  totalExercise({ id, title: id, build: { status: 'built', log: '', missing: {}, durationMs: 0 }, tests });

const grade = (exercises: ExerciseResult[], errors: string[] = []): GradeResult => totalGrade({
  version: 1, tool: { name: 'ipclab', version: '0' }, submission: 's', startedAt: '2024-01-01T00:00:00Z', durationMs: 0,
  isolation: { mode: 'isolated', description: 'isolated' }, exercises, errors,
});

describe('totals', () => {
  it('sums the points of an exercise, hidden tests included', () => {
    const hidden = { ...result('passed', 2, 2), hidden: true };
    expect(exercise('e', [result('passed', 3, 3), result('failed', 0, 4), hidden])).toMatchObject({ points: 5, maxPoints: 9 });
    expect(exercise('empty', [])).toMatchObject({ points: 0, maxPoints: 0 });
  });

  it('sums the exercises and counts every status', () => {
    const g = grade([exercise('a', [result('passed', 3, 3), result('failed', 0, 2)]), exercise('b', [result('skipped', 0, 1), result('passed', 1, 1)])]);
    expect(g).toMatchObject({ points: 4, maxPoints: 7, counts: { passed: 2, failed: 1, error: 0, skipped: 1 }, status: 'failed' });
  });

  it('passes only when every test passed; a skipped test is a failure; an empty grade passes', () => {
    expect(grade([exercise('a', [result('passed', 1, 1)])]).status).toBe('passed');
    expect(grade([exercise('a', [result('passed', 1, 1), result('skipped', 0, 1)])]).status).toBe('failed');
    expect(grade([])).toMatchObject({ status: 'passed', points: 0, maxPoints: 0, counts: { passed: 0, failed: 0, error: 0, skipped: 0 } });
  });

  it('is an error when a test errored or grading itself reported an error, even with all else passed', () => {
    expect(grade([exercise('a', [result('failed', 0, 1), result('error', 0, 1)])]).status).toBe('error');
    expect(grade([exercise('a', [result('passed', 1, 1)])], ['the build cache is unreadable']).status).toBe('error');
  });
});

describe('exitCode', () => {
  it('is 0 when all passed, 1 when some failed, 3 when grading itself failed', () => {
    expect(exitCode(grade([exercise('a', [result('passed', 1, 1)])]))).toBe(0);
    expect(exitCode(grade([exercise('a', [result('failed', 0, 1)])]))).toBe(1);
    expect(exitCode(grade([exercise('a', [result('error', 0, 1)])]))).toBe(3);
  });
});
