// Submission → GradeResult: build each exercise once, run and judge each test.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { buildExercise, HELPERS_DIR, type BuildResult } from './build/build.js';
import { runTest, type Perturbation } from '../harness/run/run-test.js';
import { freshRunId, isolation, runUid } from '../harness/isolate/mode.js';
import { packageRoot, settings } from '../harness/settings.js';
import { ms } from '../harness/spec/duration.js';
import { loadCatalogue, type LoadedExercise } from '../harness/spec/load.js';
import type { TestSpec } from '../harness/spec/types.js';
import { runChecks } from './checks/index.js';
import { matchHints } from './hints.js';
import { notRun, totalExercise, totalGrade, verdict } from './score.js';
import { RESULT_VERSION, type ExerciseResult, type GradeResult, type TestResult } from './model.js';
import { UsageError } from './errors.js';
import { couldNotRunTest } from './wording.js';

export { UsageError };

export interface GradeOptions {
  /** Tests of an exercise run at once (default: one per CPU; 1 in fallback mode). */
  testJobs?: number;
  /** Run every test N times (all runs) and say whether a failure is deterministic or flaky. */
  repeat?: number;
  perturb?: Perturbation;
  exercises?: string[];
  tests?: string[];
  catalogue?: LoadedExercise[];
  onTest?: (exercise: string, result: TestResult) => void;
  onExerciseStart?: (exercise: LoadedExercise, tests: number) => void;
}

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
  const iso = isolation();
  // Independent tests run side by side where namespaces keep them apart (never in fallback mode).
  const testJobs = iso.mode === 'fallback' ? 1 : Math.max(1, opts.testJobs ?? settings().testJobs ?? cpus().length);
  // One group per submission: its build and tests share it; other submissions cannot read them.
  const gid = iso.perRunUid ? freshRunId() : undefined;
  const errors: string[] = [];
  const exercises: ExerciseResult[] = [];
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
      const done = await runInParallel(tests, testJobs, (t) => !!t.pressure || !!opts.perturb, async (test) => {
        const result = await gradeTest(ex, test, b, { repeat: opts.repeat, perturb: opts.perturb, submission: submissionDir, gid });
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
    isolation: { mode: iso.mode, description: iso.description },
    exercises,
    errors,
  });
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
    const iso = isolation();
    mode = { mode: iso.mode, description: iso.description };
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
  return [...new Set(Object.values(test.processes).map((p) => p.run[0]))].filter((p) => ex.spec.programs.includes(p));
}

export interface TestRunOptions {
  /** The submission's group (see gradeSubmission). */
  gid?: number;
  repeat?: number;
  perturb?: Perturbation;
  /** For the reproduce line of a flaky failure. */
  submission?: string;
}

export async function gradeTest(ex: LoadedExercise, test: TestSpec, build: BuildResult, o: TestRunOptions = {}): Promise<TestResult> {
  const detail = ex.spec.detail ?? 'full';
  for (const p of programsUsed(ex, test)) {
    const why = build.missing.get(p);
    if (why) return notRun(test, build.status === 'failed' && !why.startsWith('no ') ? 'skipped' : 'failed', why, detail);
  }
  const helpers = join(build.binDir, HELPERS_DIR);
  const runOnce = async (): Promise<TestResult> => {
    const obs = await runTest(test, {
      pathDirs: [build.binDir, ...(existsSync(helpers) ? [helpers] : [])],
      exerciseDir: ex.dir,
      defaultTimeoutMs: ms(ex.spec.timeout, 10000),
      memoryMbFor: (program) => (build.programs.get(program)?.language === 'ts' ? 4096 : 1024),
      perturb: o.perturb,
      as: o.gid !== undefined ? { uid: runUid(isolation()).uid, gid: o.gid } : undefined,
    });
    const result = verdict(test, obs, runChecks(test, obs), detail);
    if (result.status === 'failed') {
      const hints = matchHints(test, obs, ex.spec.hints);
      if (hints.length) result.hints = hints;
    }
    return result;
  };
  if (o.repeat && o.repeat > 1) {
    // Race exposure: every run, then deterministic or flaky.
    let first: TestResult | undefined;
    let last!: TestResult;
    let failed = 0;
    for (let run = 1; run <= o.repeat; run++) {
      last = await runOnce();
      if (last.status !== 'passed') {
        failed++;
        first ??= last;
      }
    }
    const result = first ?? last;
    result.runs = { total: o.repeat, failed };
    if (failed && failed < o.repeat) {
      result.reason = `failed ${failed} of ${o.repeat} runs (a race: it passes by luck in the others); reproduce with \`ipclab grade ${o.submission ?? '<submission>'} --exercise ${ex.spec.id} --test ${test.name} --repeat ${o.repeat}${o.perturb ? ' --perturb' : ''}\`. The first failing run: ${result.reason}`;
    } else if (failed) {
      result.reason = `failed all ${o.repeat} runs: ${result.reason}`;
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

/**
 * Runs tasks with at most `jobs` at once, results in input order. An exclusive task (a test
 * under scheduling pressure) runs alone: it waits for the others and holds the rest back.
 */
export async function runInParallel<T, R>(items: T[], jobs: number, exclusive: (t: T) => boolean, run: (t: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let running = 0;
  let alone = false;
  let failure: unknown;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (failure !== undefined && running === 0) return resolve();
      if (next >= items.length && running === 0) return resolve();
      while (failure === undefined && next < items.length && !alone && running < jobs) {
        const i = next;
        if (exclusive(items[i])) {
          if (running > 0) break;
          alone = true;
        }
        next++;
        running++;
        run(items[i]).then((r) => {
          results[i] = r;
        }, (err) => {
          failure ??= err;
        }).finally(() => {
          running--;
          if (exclusive(items[i])) alone = false;
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
