// Verdicts, points and totals: computed once, here; reporters only format them.
import type { Observation } from '../harness/run/observation.js';
import type { TestSpec, Detail } from '../harness/spec/types.js';
import type { ExerciseResult, Finding, GradeResult, Status, TestResult } from './model.js';
import { diagnosisShape } from './same-cause.js';
import { boundLine, couldNotRunTest, diagnosisSummary, harnessErrorWords, machineStarvedWords, machineTooBusy, terminationReason, timelineEntry } from './wording.js';
import { buildSequence } from './sequence.js';

export function verdict(test: TestSpec, obs: Observation, findings: Finding[], detail: Detail): TestResult {
  let status: Status = 'passed';
  let reason: string | undefined;
  const internal = findings.find((f) => f.internal);
  if (obs.harnessError) {
    status = 'error';
    reason = couldNotRunTest(harnessErrorWords(obs.harnessError));
  } else if (obs.traceUnavailable) {
    // a traced test without its trace proves nothing about the mechanism: never a pass
    status = 'error';
    reason = couldNotRunTest(`tracing unavailable: ${obs.traceUnavailable}`);
  } else if ((obs.termination?.reason === 'timeout' || obs.termination?.reason === 'step-timeout') && obs.diagnosis?.machineStarved) {
    // out of time because others had the CPUs: the machine's fault, not a verdict on the code
    status = 'error';
    reason = machineTooBusy(terminationReason(obs.termination!), machineStarvedWords(obs.diagnosis)!);
  } else if (obs.termination) {
    status = 'failed';
    reason = terminationReason(obs.termination);
  } else if (internal) {
    // a fault inside a check is ipclab's, never the student's failure
    status = 'error';
    reason = couldNotRunTest(internal.rationale ?? 'a check failed internally');
  } else {
    const bad = findings.find((f) => !f.passed);
    if (bad) {
      status = 'failed';
      reason = bad.rationale ?? `failed: ${bad.title}`;
    }
  }
  return {
    name: test.name,
    title: test.title,
    status,
    points: status === 'passed' ? test.points : 0,
    maxPoints: test.points,
    reason,
    findings,
    durationMs: Math.round(obs.durationMs),
    hidden: !!test.hidden,
    detail: test.detail ?? detail,
    processes: obs.processes.map((p) => ({ label: p.label, argv: p.argv, pid: p.pid, exit: p.exit, killedBy: p.killedBy, startMs: round(p.startMs), endMs: round(p.endMs), cpuMs: round(p.cpuMs) })),
    diagnosis: obs.diagnosis && diagnosisSummary(obs.diagnosis),
    ...(obs.diagnosis ? { diagnosisShape: diagnosisShape(obs.diagnosis) } : {}),
    ...(status === 'failed' && obs.diagnosis && gaveUp(obs) ? { gaveUp: true as const } : {}),
    bounds: obs.bounds.map(boundLine),
    timeline: obs.timeline.slice(0, 200).map((e) => timelineEntry(e, obs, round(e.ms)!)),
    sequence: sequenceOf(obs, test, findings),
  };
}

/** Out of time, or a wait that never came true: what the processes were stuck in is why. */
function gaveUp(obs: Observation): boolean {
  const t = obs.termination;
  return t?.reason === 'timeout' || (t?.reason === 'step-timeout' && t.failure.kind === 'wait');
}

/** The diagram is an aid: a fault building it must not cost the verdict. */
function sequenceOf(obs: Observation, test: TestSpec, findings: Finding[]): TestResult['sequence'] {
  try {
    return buildSequence(obs, test, findings);
  } catch {
    return undefined;
  }
}

/** A test that could not run: a program missing or not built. */
export function notRun(test: TestSpec, status: 'failed' | 'skipped' | 'error', reason: string, detail: Detail): TestResult {
  return {
    name: test.name, title: test.title, status, points: 0, maxPoints: test.points, reason,
    findings: [{ title: 'the programs it needs exist', passed: false, rationale: reason }],
    durationMs: 0, hidden: !!test.hidden, detail: test.detail ?? detail, processes: [],
  };
}

export function totalExercise(e: Omit<ExerciseResult, 'points' | 'maxPoints'>): ExerciseResult {
  return { ...e, points: sum(e.tests.map((t) => t.points)), maxPoints: sum(e.tests.map((t) => t.maxPoints)) };
}

export function totalGrade(g: Omit<GradeResult, 'points' | 'maxPoints' | 'counts' | 'status'>): GradeResult {
  const tests = g.exercises.flatMap((e) => e.tests);
  const counts: Record<Status, number> = { passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const t of tests) counts[t.status]++;
  const status = counts.error || g.errors.length ? 'error' : counts.failed || counts.skipped ? 'failed' : 'passed';
  return { ...g, points: sum(g.exercises.map((e) => e.points)), maxPoints: sum(g.exercises.map((e) => e.maxPoints)), counts, status };
}

/** 0 all passed, 1 some failed, 3 grading itself failed (the report is still written). */
export function exitCode(g: GradeResult): number {
  return g.status === 'passed' ? 0 : g.status === 'failed' ? 1 : 3;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round = (x: number | undefined) => (x === undefined ? undefined : Math.round(x * 10) / 10);
