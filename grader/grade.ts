// Submission → GradeResult: build each exercise once, run and judge each test.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildExercise, HELPERS_DIR, type BuildResult } from './build/build.js';
import { replacementDir } from './build/replace.js';
import { compiledHelpers } from './build/helpers.js';
import { runTest, type Perturbation } from '../harness/run/run-test.js';
import { traced } from '../harness/run/plan.js';
import { OVERLOAD_SHARE } from '../harness/run/pace.js';
import { freshRunId, isolation, runUid, type Isolation } from '../harness/isolate/mode.js';
import { packageRoot, settings } from '../harness/settings.js';
import { usableCpus } from '../harness/usable-cpus.js';
import { ms } from '../harness/spec/duration.js';
import { loadCatalogue, type LoadedExercise } from '../harness/spec/load.js';
import type { TestSpec } from '../harness/spec/types.js';
import { runChecks } from './checks/index.js';
import { applyHints } from './hints.js';
import { notRun, totalExercise, totalGrade, verdict } from './score.js';
import { RESULT_VERSION, type ExerciseResult, type Finding, type GradeResult, type IsolationRecord, type Provenance, type TestResult } from './model.js';
import { UsageError } from './errors.js';
import { boundLine, couldNotRunTest, lateSteps, machineStarvedWords, overloadedRerun, tracedAgain, unseenProcesses, type RetraceOutcome } from './wording.js';
import type { Observation } from '../harness/run/observation.js';

export { UsageError };

export type TraceChoice = 'spec' | 'all';

export interface GradeOptions {
  /** Slots for the tests of an exercise (default: the CPUs this process may use; 1 in fallback mode); see testWeight. */
  testJobs?: number;
  /** Run every test N times (all runs) and say whether a failure is deterministic or flaky. */
  repeat?: number;
  /**
   * With repeat: a ceiling on the whole grading's time (default DEFAULT_REPEAT_BUDGET_MS). Once
   * it has passed, a test starts no further run (each runs at least once) and its
   * `runs.of` says how many were asked for.
   */
  repeatBudgetMs?: number;
  perturb?: Perturbation;
  /** Which tests are traced: those whose spec says `trace: true` ('spec', the default), or all ('all': the benchmark, `--trace all`). */
  trace?: TraceChoice;
  /** Run each failed test that ran untraced once more, traced, for its diagram (`--explain`); verdicts and points stay the first run's. */
  explain?: boolean;
  /** The lock file gradings share for re-runs alone (default: runLockPath()); null: no re-run alone. */
  runLock?: string | null;
  exercises?: string[];
  tests?: string[];
  catalogue?: LoadedExercise[];
  /** Skip the tests not started yet once one fails (mutation testing: one failure kills a mutant). */
  stopAtFailure?: boolean;
  onTest?: (exercise: string, result: TestResult) => void;
  /** Each run's Observation, before it is judged (bench/feedback-tally.ts records them). */
  onObservation?: (exercise: string, test: string, obs: Observation) => void;
  onExerciseStart?: (exercise: LoadedExercise, tests: number) => void;
}

/** `--repeat`'s default ceiling for a whole grading. */
export const DEFAULT_REPEAT_BUDGET_MS = 60 * 60 * 1000;

export function toolVersion(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
}

export function selectExercises(submission: string, catalogue: LoadedExercise[], wanted?: string[]): LoadedExercise[] {
  if (wanted?.length) {
    return wanted.map((id) => {
      const e = catalogue.find((x) => x.spec.id === id);
      if (!e) throw new UsageError(`no exercise "${id}" (known: ${catalogue.map((x) => x.spec.id).join(', ')})`);
      return e;
    });
  }
  const present = catalogue.filter((e) => existsSync(join(submission, e.spec.id)));
  if (!present.length) throw new UsageError(`${submission} has no folder named after an exercise (${catalogue.map((x) => x.spec.id).join(', ')}); use --exercise to choose one`);
  return present;
}

/** The C helpers of these exercises, compiled before any build (a UsageError when one does not compile). */
export async function compileAllHelpers(exercises: LoadedExercise[], only?: string[]): Promise<void> {
  for (const ex of exercises) if (!only?.length || only.includes(ex.spec.id)) await compiledHelpers(ex.dir);
}

export async function gradeSubmission(submissionDir: string, opts: GradeOptions = {}): Promise<GradeResult> {
  const started = Date.now();
  const submission = resolve(submissionDir);
  if (!existsSync(submission)) throw new UsageError(`no such folder: ${submissionDir}`);
  if (!statSync(submission).isDirectory()) throw new UsageError(`${submissionDir} is not a folder (a submission is a folder with one sub-folder per exercise)`);
  const catalogue = opts.catalogue ?? loadCatalogue();
  let chosen = selectExercises(submission, catalogue, opts.exercises);
  if (opts.tests?.length) {
    const unknown = opts.tests.filter((name) => !chosen.some((ex) => ex.spec.tests.some((t) => t.name === name)));
    if (unknown.length) throw new UsageError(`no test named ${unknown.join(', ')} in ${chosen.map((e) => e.spec.id).join(', ')}`);
    chosen = chosen.filter((ex) => ex.spec.tests.some((t) => opts.tests!.includes(t.name)));
  }
  await compileAllHelpers(chosen);
  const iso = isolation();
  // Independent tests run side by side where namespaces keep them apart (never in fallback mode).
  const testJobs = iso.mode === 'fallback' ? 1 : Math.max(1, opts.testJobs ?? settings().testJobs ?? usableCpus());
  // One group per submission: its build and tests share it; other submissions cannot read them.
  const gid = iso.perRunUid ? freshRunId() : undefined;
  const runLock = opts.runLock === null ? undefined : opts.runLock ?? runLockPath();
  const repeatUntil = opts.repeat && opts.repeat > 1 ? started + (opts.repeatBudgetMs ?? DEFAULT_REPEAT_BUDGET_MS) : undefined;
  const errors: string[] = [];
  const exercises: ExerciseResult[] = [];
  const bounds = new Set<string>();
  // every exercise's build starts now, side by side (as many at once as tests may run);
  // the tests of an exercise start when its build is done
  const limit = limiter(testJobs);
  const builds = new Map(chosen.map((ex) => [ex.spec.id, limit(() => buildExercise(submission, ex.spec, ex.dir, { gid }))]));
  for (const b of builds.values()) b.catch(() => undefined); // awaited below, where a failure is reported
  for (const ex of chosen) {
    const tests = ex.spec.tests.filter((t) => !opts.tests?.length || opts.tests.includes(t.name));
    opts.onExerciseStart?.(ex, tests.length);
    let build: BuildResult | undefined;
    const results: TestResult[] = [];
    try {
      crashForTests(submission);
      build = await builds.get(ex.spec.id)!;
      const b = build;
      let stopped = false;
      const done = await runInParallel(tests, testJobs, (t) => testWeight(t, testJobs, !!opts.perturb), async (test) => {
        if (stopped) return notRun(test, 'skipped', 'not run: an earlier test failed', ex.spec.detail ?? 'full');
        const result = await gradeTest(ex, test, b, { repeat: opts.repeat, repeatUntil, perturb: opts.perturb, trace: opts.trace, explain: opts.explain, submission: submissionDir, gid, runLock, bounds, onObservation: opts.onObservation && ((obs) => opts.onObservation!(ex.spec.id, test.name, obs)) });
        stopped ||= !!opts.stopAtFailure && result.status === 'failed';
        opts.onTest?.(ex.spec.id, result);
        return result;
      });
      results.push(...done);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.push(`${ex.spec.id}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      // the tests it did not reach keep their points in the total, as errors (never the student's fault)
      for (const test of tests.slice(results.length)) results.push(notRun(test, 'error', couldNotRunTest(message), ex.spec.detail ?? 'full'));
    } finally {
      build?.cleanup();
    }
    exercises.push(totalExercise({
      id: ex.spec.id,
      title: ex.spec.title,
      build: {
        status: build?.status ?? 'failed',
        log: build?.log ?? '',
        missing: Object.fromEntries(build?.missing ?? []),
        durationMs: build?.durationMs ?? 0,
      },
      tests: results,
    }));
  }
  await Promise.allSettled(builds.values());
  return totalGrade({
    version: RESULT_VERSION,
    tool: { name: 'ipclab', version: toolVersion() },
    submission: submissionDir,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    isolation: isolationRecord(iso),
    provenance: provenance(chosen, bounds),
    exercises,
    errors,
  });
}

/** What the report says of the isolation: its mode, and in fallback mode all it lacked. */
export function isolationRecord(iso: Isolation): IsolationRecord {
  return { mode: iso.mode, kind: iso.kind, description: iso.description, ...(iso.missing.length ? { missing: iso.missing } : {}) };
}

/** The bounds every run has besides those it reports (harness/run/plan.ts processLimits). */
const PER_PROCESS_BOUNDS = 'per process: CPU time, address space, file size and open files (rlimits)';

/** The ipclab, Node, specs and bounds of a grading: what a regrade needs to be the same grading. */
export function provenance(graded: LoadedExercise[], bounds: Iterable<string>): Provenance {
  return {
    node: process.version,
    specs: graded.map((ex) => ({ exercise: ex.spec.id, sha256: specDigest(ex.file) })),
    bounds: [PER_PROCESS_BOUNDS, ...new Set(bounds)],
  };
}

/** sha256 of a spec file, or 'unreadable' (the file went away after it was loaded). */
export function specDigest(file: string): string {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

/**
 * Test-only: IPCLAB_TEST_CRASH=<folder name> makes grading that submission hit an internal
 * error, as a bug in ipclab would (the batch tests need a student whose grading fails).
 */
function crashForTests(submission: string): void {
  const name = settings().testCrash;
  if (name && basename(submission) === name) throw new Error('internal error requested by IPCLAB_TEST_CRASH');
}

/** The result of a grading that ipclab itself could not finish: no points, the error said. */
export function failedGrading(submission: string, err: unknown): GradeResult {
  let mode: GradeResult['isolation'] = { mode: 'fallback', description: 'not determined (grading failed first)' };
  try {
    mode = isolationRecord(isolation());
  } catch {
    /* the isolation probe may be what failed */
  }
  return totalGrade({
    version: RESULT_VERSION,
    tool: { name: 'ipclab', version: toolVersion() },
    submission,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    isolation: mode,
    exercises: [],
    errors: [err instanceof Error ? err.stack ?? err.message : String(err)],
  });
}

/** The student programs a test starts (helpers and system commands are not the student's). */
export function programsUsed(ex: LoadedExercise, test: TestSpec): string[] {
  // a program the test replaces by a helper is not the student's there
  return [...new Set(Object.values(test.processes).map((p) => p.run[0]))].filter((p) => ex.spec.programs.includes(p) && !test.replace?.[p]);
}

export interface TestRunOptions {
  /** The submission's group (see gradeSubmission). */
  gid?: number;
  repeat?: number;
  /** With repeat: no run starts after this time (Date.now() scale) but the first. */
  repeatUntil?: number;
  perturb?: Perturbation;
  trace?: TraceChoice;
  explain?: boolean;
  /** For the reproduce line of a flaky failure. */
  submission?: string;
  /** The lock file for re-runs alone; without one a test that failed under overload is not re-run. */
  runLock?: string;
  /** Collects the bounds each run reports having had (Observation.bounds, one line each). */
  bounds?: Set<string>;
  onObservation?: (obs: Observation) => void;
}

/**
 * The lock every grading of this user on this machine shares (batch workers, a second
 * `ipclab grade`): a re-run alone takes it exclusively. A file in ipclab's cache folder, private
 * to the user (the init refuses one that is not); none when that folder cannot be made.
 */
export function runLockPath(): string | undefined {
  const dir = settings().cacheDir;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return join(dir, 'run.lock');
  } catch {
    return undefined;
  }
}

export async function gradeTest(ex: LoadedExercise, test: TestSpec, build: BuildResult, o: TestRunOptions = {}): Promise<TestResult> {
  const detail = ex.spec.detail ?? 'full';
  for (const p of programsUsed(ex, test)) {
    const why = build.missing.get(p);
    if (why) return notRun(test, build.status === 'failed' && !why.startsWith('no ') ? 'skipped' : 'failed', why, detail);
  }
  const helpers = join(build.binDir, HELPERS_DIR);
  const traceAll = o.trace === 'all';
  const runOnceAs = async (alone = false, retrace = false): Promise<[TestResult, Observation]> => {
    const obs = await runTest(test, {
      pathDirs: [...(test.replace ? [replacementDir(build.binDir, test.replace)] : []), build.binDir, ...(existsSync(helpers) ? [helpers] : [])],
      exerciseDir: ex.dir,
      defaultTimeoutMs: ms(ex.spec.timeout, 10000),
      memoryMbFor: (program) => (build.programs.get(program)?.language === 'ts' ? 4096 : 1024),
      perturb: o.perturb,
      as: o.gid !== undefined ? { uid: runUid(isolation()).uid, gid: o.gid } : undefined,
      runLock: o.runLock ? { path: o.runLock, alone } : undefined,
      trace: ex.spec.trace,
      traceAll: traceAll || retrace,
    });
    for (const b of obs.bounds ?? []) o.bounds?.add(boundLine(b));
    o.onObservation?.(obs);
    return [judged(ex, test, obs), obs];
  };
  const runOnce = () => fairRun(runOnceAs, !!o.runLock);
  const result = await repeated(ex, test, runOnce, o);
  const untraced = !traced(test, { trace: ex.spec.trace, traceAll });
  return o.explain && untraced && result.status === 'failed' ? explained(result, await runOnceAs(false, true)) : result;
}

/** A run's Observation judged: its checks, its verdict, and a failure's hints and cause (pure: recorded runs are judged by it too). */
export function judged(ex: LoadedExercise, test: TestSpec, obs: Observation): TestResult {
  const result = verdict(test, obs, runChecks(test, obs), ex.spec.detail ?? 'full');
  // passed only thanks to load-aware time: the reliability bench tells design from luck by it
  if (result.status === 'passed' && obs.load?.stretched.budgets) result.stretched = { ...obs.load.stretched };
  if (result.status === 'failed') applyHints(result, test, obs, ex.spec);
  return result;
}

/**
 * `--explain`: a failed test that ran untraced, with the diagram of a traced re-run and a line
 * saying whether that run failed the same way. The verdict, points and reason stay the first
 * run's: a re-run under a tracer (slower, differently timed) must not regrade anything.
 */
export function explained(first: TestResult, [again, obs]: [TestResult, Observation]): TestResult {
  if (obs.traceUnavailable || again.status === 'error' || !again.sequence?.traced) {
    const why = obs.traceUnavailable ? `tracing unavailable: ${obs.traceUnavailable}` : again.status === 'error' ? 'the traced run did not finish' : 'the traced run gave no trace';
    return { ...first, retraced: { outcome: 'error', text: tracedAgain('error', why) } };
  }
  const outcome: RetraceOutcome = again.status === 'passed' ? 'passed' : failureKey(again) === failureKey(first) ? 'same' : 'other';
  return { ...first, sequence: again.sequence, retraced: { outcome, text: tracedAgain(outcome) } };
}

/** What a failure was, apart from what differs between runs (pids, keys, times): how the run ended, or which checks failed. */
function failureKey(r: TestResult): string {
  const titles = r.findings.filter((f) => !f.passed && !f.notChecked).map((f) => f.title);
  return (titles.length ? titles.join('\n') : r.reason ?? '').replace(/\d+(\.\d+)?/g, '#');
}

/** The test run as its spec and the options say: `--repeat`'s every run, else `repeat:`'s until one fails, else once. */
async function repeated(ex: LoadedExercise, test: TestSpec, runOnce: () => Promise<TestResult>, o: TestRunOptions): Promise<TestResult> {
  if (o.repeat && o.repeat > 1) {
    // Race exposure: every run, then deterministic or flaky.
    let first: TestResult | undefined;
    let last!: TestResult;
    let failed = 0;
    let ran = 0;
    while (ran < o.repeat && (ran === 0 || o.repeatUntil === undefined || Date.now() < o.repeatUntil)) {
      ran++;
      last = await runOnce();
      if (last.status !== 'passed') {
        failed++;
        first ??= last;
      }
    }
    const result = first ?? last;
    result.runs = { total: ran, failed, ...(ran < o.repeat ? { of: o.repeat } : {}) };
    if (failed && failed < ran) {
      result.reason = `failed ${failed} of ${ran} runs (a race: it passes by luck in the others); reproduce with \`ipclab grade ${o.submission ?? '<submission>'} --exercise ${ex.spec.id} --test ${test.name} --repeat ${o.repeat}${o.perturb ? ' --perturb' : ''}\`. The first failing run: ${result.reason}`;
    } else if (failed) {
      result.reason = `failed all ${ran} runs: ${result.reason}`;
    }
    return result;
  }
  const runs = test.repeat ?? 1;
  let result: TestResult | undefined;
  for (let run = 1; run <= runs; run++) {
    result = await runOnce();
    if (runs > 1) {
      result.runs = { total: run, failed: result.status === 'passed' ? 0 : 1 };
      // a race shows in some runs only: the first failing run decides, and says which run it was
      if (result.status !== 'passed') {
        if (result.reason) result.reason = `run ${run} of ${runs}: ${result.reason}`;
        break;
      }
    }
  }
  return result!;
}

/** Processes a test may start before it counts as more than one test (fifo-seqnum's 51 weigh 7). */
const PROCESSES_PER_SLOT = 8;

/**
 * Re-run before blame: a test that failed by time (its timeout, or a wait) while the machine was
 * overloaded, or whose steps came late because ipclab itself could not run, runs once more, alone
 * across every grading sharing the lock, and that run's verdict is the one reported, saying so.
 */
async function fairRun(run: (alone: boolean) => Promise<[TestResult, Observation]>, canRerun: boolean): Promise<TestResult> {
  const [first, obs] = await run(false);
  if (!canRerun || first.status === 'passed' || first.status === 'skipped') return first;
  const load = rerunCause(obs, first.findings);
  if (!load) return first;
  const [again] = await run(true);
  again.rerun = { load, firstReason: first.reason };
  if (again.status !== 'passed') again.reason = `${overloadedRerun(load)}: ${again.reason ?? 'it failed again'}`;
  return again;
}

/** Why a failed run may owe its failure to the machine, in words; undefined: the verdict stands. */
export function rerunCause(obs: Observation, findings: Finding[] = []): string | undefined {
  const byTime = obs.termination?.reason === 'timeout' || obs.termination?.reason === 'step-timeout';
  // a hang (every process blocked for good) does not depend on the machine's load
  if (byTime && !obs.termination?.hang) {
    // starved by others (the diagnosis, harness/observe/cpu.ts) is overload too, though every budget got its waits back
    const starved = obs.diagnosis && machineStarvedWords(obs.diagnosis);
    const load = overloadOf(obs) ?? (starved ? `the machine gave the test's processes too little CPU: ${starved}` : undefined) ?? endedInWaitOf(obs);
    if (load) return load;
  }
  return lateOf(obs) ?? unseenOf(obs, findings);
}

/** A gap between two looks at the processes longer than this may hide a short-lived one (a poll is every few ms). */
const BLIND_MS = 250;

/** A check failed on a process no snapshot showed, and the run could not look for BLIND_MS or more. */
function unseenOf(obs: Observation, findings: Finding[]): string | undefined {
  const l = obs.load;
  if (!l || l.blindMs < BLIND_MS || !findings.some((f) => !f.passed && f.sampled)) return undefined;
  return unseenProcesses(l.blindMs, l.maxLoad1, l.cpus);
}

/**
 * A step that reacts to a report (stop the process once it has printed a line) came at least
 * LATE_MS after it, and ipclab or the init could not run for that long: what the test did was
 * not what its script says (sem-mutex's victim finished its word before it was stopped). Any
 * failure may follow from that, not only one by time.
 */
const LATE_MS = 250;

function lateOf(obs: Observation): string | undefined {
  const l = obs.load;
  if (!l || l.lateMs < LATE_MS || l.relayMs < LATE_MS) return undefined;
  return lateSteps(l.lateMs, l.relayMs, l.maxLoad1, l.cpus);
}

/**
 * The test's own deadline ran out during a wait (shm-transfer's last-block-taken under load 38,
 * 0.1 s into its third wait), its budget not at the ceiling, on a machine that was busy: the
 * host's load above the CPUs ipclab may use, or the test's processes (or ipclab) waiting for a
 * CPU for more than OVERLOAD_SHARE of the run. Earlier steps took the time the wait needed, and
 * not every wait for a CPU shows as run-queue delay (a start-up's page faults), so this is not
 * the program's verdict.
 */
function endedInWaitOf(obs: Observation): string | undefined {
  const l = obs.load;
  const t = obs.termination;
  if (!l || t?.reason !== 'step-timeout' || t.failure.kind !== 'wait' || !t.failure.testEnded) return undefined;
  if (l.maxLoad1 <= l.cpus && l.starvedMs <= l.wallMs * OVERLOAD_SHARE) return undefined;
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const waits = l.starvedMs >= 100 ? `its processes waited ${s(l.starvedMs)} for a CPU in ${s(l.wallMs)} and ` : '';
  return `the test's time ran out before its steps were done; ${waits}the load was ${l.maxLoad1.toFixed(1)} on ${l.cpus} CPU${l.cpus === 1 ? '' : 's'}`;
}

/** What made the machine overloaded during the run, in words, if it was. */
function overloadOf(obs: Observation): string | undefined {
  const l = obs.load;
  if (!l?.overloaded) return undefined;
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const stalled = l.stalledMs ?? 0;
  const cpu = `its processes waited ${s(l.starvedMs - stalled)} for a CPU`;
  const what = stalled < 100 ? cpu : l.starvedMs - stalled < 100 ? `the grader itself could not run for ${s(stalled)}` : `${cpu} and the grader itself could not run for ${s(stalled)}`;
  return `${what} in ${s(l.wallMs)}; load ${l.maxLoad1.toFixed(1)} on ${l.cpus} CPU${l.cpus === 1 ? '' : 's'}`;
}

/**
 * How many of the `jobs` slots a test takes: one per PROCESSES_PER_SLOT processes it starts, so
 * that a heavy test has fewer neighbours while ordinary ones still run side by side; all of them
 * (it runs alone) under scheduling pressure, which would make its neighbours' timing flaky.
 */
export function testWeight(test: TestSpec, jobs: number, perturbed: boolean): number {
  if (test.pressure || perturbed) return jobs;
  const processes = Object.values(test.processes).reduce((n, p) => n + (p.count ?? 1), 0);
  return Math.min(jobs, Math.max(1, Math.ceil(processes / PROCESSES_PER_SLOT)));
}

/**
 * Runs tasks in input order, starting the next while the weights of those running, with its own,
 * are at most `jobs` (a task weighing `jobs` or more runs alone); results in input order.
 */
export async function runInParallel<T, R>(items: T[], jobs: number, weight: (t: T) => number, run: (t: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let running = 0;
  let load = 0;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure !== undefined && running === 0) return resolve();
      if (next >= items.length && running === 0) return resolve();
      while (failure === undefined && next < items.length && (running === 0 || load + weight(items[next]) <= jobs)) {
        const i = next++;
        const w = weight(items[i]);
        running++;
        load += w;
        run(items[i]).then((r) => {
          results[i] = r;
        }, (err) => {
          failure ??= err;
        }).finally(() => {
          running--;
          load -= w;
          pump();
        });
      }
    };
    pump();
  });
  if (failure !== undefined) throw failure;
  return results;
}

/** At most n of the functions given to it run at once, in the order given. */
export function limiter(n: number): <R>(f: () => Promise<R>) => Promise<R> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (f) => {
    if (running >= n) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await f();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
