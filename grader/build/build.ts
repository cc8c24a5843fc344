// Submission folder → runnable programs, as a short sequence: make the folder, copy the tree, take
// a cached build or plan the steps, transpile TypeScript, run the steps sandboxed as the build's
// own uid (student Makefiles are student code), see what was made. Everything root does to the
// submission's files goes through tree.ts, which never follows a link it did not check.
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { releaseTempFolder } from '../../harness/interrupt.js';
import type { ExerciseSpec } from '../../harness/spec/types.js';
import { cacheKey, hasBuild, restoreBuild, saveBuild } from './cache.js';
import { builderFor, handOver, makeBuildFolder, type Builder } from './folder.js';
import { stepLog } from './log.js';
import { ambiguousPrograms, buildSteps, CC_FLAGS, typescriptPrograms, type BuildStep } from './plan.js';
import { checkPrograms, markAmbiguous, markTypeErrors, markUnbuildable, type Programs } from './programs.js';
import { runStep, type StepOutcome } from './sandboxed-run.js';
import { typeCheckStep, typeErrors } from './typecheck.js';
import { copySubmission, TreeError, type CopiedTree } from './tree.js';
import { transpileFolder, writeWrapper } from './typescript.js';

export { HELPERS_DIR } from './folder.js';
export type { BuiltProgram, Language } from './programs.js';

export interface BuildResult extends Programs {
  status: 'built' | 'failed' | 'no-folder';
  /** Folder with the programs; first on PATH in every test. */
  binDir: string;
  /** Short build log: errors with file:line first. */
  log: string;
  /** Taken from the build cache (the same sources were built before). */
  cached?: boolean;
  durationMs: number;
  cleanup(): void;
}

export interface BuildOptions {
  /** The submission's own group: its build and its tests share it, and nobody else can read the build. */
  gid?: number;
}

export async function buildExercise(submissionDir: string, spec: ExerciseSpec, exerciseDir?: string, bo: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const src = join(submissionDir, spec.id);
  const { root, binDir } = await makeBuildFolder(spec.id, bo.gid, exerciseDir);
  const result: BuildResult = {
    status: 'built', binDir, programs: new Map(), missing: new Map(), log: '', durationMs: 0,
    cleanup: () => releaseTempFolder(root),
  };
  const done = () => {
    result.durationMs = Date.now() - started;
    return result;
  };
  if (!lstatSync(src, { throwIfNoEntry: false })) {
    result.status = 'no-folder';
    for (const p of spec.programs) result.missing.set(p, `the submission has no folder \`${spec.id}/\`, so \`${p}\` could not be built`);
    return done();
  }
  // root copies, never following a link; the tree stays root's until every root-side write is done
  const tree = copyTree(src, binDir, spec.id);
  if (typeof tree === 'string' || tree.problems.length) {
    unbuildable(result, spec, typeof tree === 'string' ? [tree] : tree.problems);
    return done();
  }
  const builder = builderFor(bo.gid);
  // the same tree was built before, by the same toolchain: take that build (a regrade, a resubmission)
  const key = cacheKey(tree.digest, spec, CC_FLAGS);
  if (fromCache(key, src, binDir, spec.id, result)) {
    handOver(binDir, builder);
    return done();
  }
  await compile(spec, binDir, builder, result);
  if (result.status === 'built') saveBuild(key, binDir, builder.owner, { programs: [...result.programs.values()], missing: [...result.missing], log: result.log });
  return done();
}

/** Transpiles, runs the planned steps and records what was made, with the log. */
async function compile(spec: ExerciseSpec, binDir: string, builder: Builder, result: BuildResult): Promise<void> {
  const files = new Set(readdirSync(binDir));
  const ambiguous = ambiguousPrograms(spec, files);
  const logs = markAmbiguous(spec, ambiguous, result);
  const steps = buildSteps(spec, files, ambiguous);
  const tsPrograms = typescriptPrograms(spec, files, ambiguous);
  if (tsPrograms.length) {
    const problems = await transpile(binDir, tsPrograms);
    logs.push(...problems);
    // one tsc program over every .ts file, once it is known to parse: beside the cc lines, in the sandbox too;
    // not an ambiguous program's (never built: an error in it is no other program's fault)
    const unbuilt = new Set(ambiguous.map((p) => `${p}.ts`));
    if (!problems.length) steps.push(typeCheckStep(join(dirname(binDir), 'typecheck'), [...files].filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !unbuilt.has(f)).sort()));
  }
  handOver(binDir, builder);
  // the cc lines of an exercise are independent: compile them side by side
  const outcomes = await Promise.all(steps.map((step) => runStep(step.argv, { binDir, builder: builder.as, copied: step.label === 'make', readOnly: step.readOnly })));
  steps.forEach((step, i) => {
    if (!outcomes[i].ok) result.status = 'failed';
    const entry = step.label === 'tsc' ? typeCheckLog(step, outcomes[i], spec, tsPrograms, result) : stepLog(step, outcomes[i], spec.id);
    if (entry) logs.push(entry);
  });
  checkPrograms(spec, binDir, files, tsPrograms, steps.some((s) => s.label === 'make'), result);
  if (result.missing.size && result.status === 'built' && logs.length) result.status = 'failed';
  result.log = logs.join('\n');
}

/** The type check's log entry (its errors as a compiler's), and the programs its errors leave unbuilt. */
function typeCheckLog(step: BuildStep, outcome: StepOutcome, spec: ExerciseSpec, tsPrograms: string[], result: BuildResult): string | undefined {
  if (outcome.ok) return undefined;
  const errors = typeErrors(outcome.output, spec.id);
  markTypeErrors(spec, tsPrograms, errors.total ? errors.files : undefined, result);
  if (!errors.total) return stepLog(step, outcome, spec.id);
  return `${step.shown} failed:\n${errors.lines.map((l) => `  ${l}`).join('\n')}`;
}

/** TypeScript programs: transpiled in-process, each with its wrapper; a failure is one log line. */
async function transpile(binDir: string, programs: string[]): Promise<string[]> {
  try {
    await transpileFolder(binDir);
    for (const p of programs) writeWrapper(binDir, p);
    return [];
  } catch (err) {
    return [`TypeScript: ${err instanceof Error ? err.message : String(err)}`];
  }
}

/** copySubmission, with a limit it hit as one sentence. */
function copyTree(src: string, binDir: string, label: string): CopiedTree | string {
  try {
    return copySubmission(src, binDir, label);
  } catch (err) {
    if (err instanceof TreeError) return err.message;
    throw err;
  }
}

/** A submission ipclab will not build: every program is missing, for the reasons given. */
function unbuildable(result: BuildResult, spec: ExerciseSpec, problems: string[]): void {
  result.status = 'failed';
  result.log = problems.join('\n');
  markUnbuildable(spec, problems, result);
}

function fromCache(key: string, src: string, binDir: string, label: string, result: BuildResult): boolean {
  if (!hasBuild(key)) return false;
  rmSync(binDir, { recursive: true, force: true }); // the entry holds the sources too
  const meta = restoreBuild(key, binDir);
  if (!meta) {
    rmSync(binDir, { recursive: true, force: true });
    mkdirSync(binDir, { mode: 0o755 });
    copySubmission(src, binDir, label); // the same tree again (it was just copied without error)
    return false;
  }
  for (const p of meta.programs) result.programs.set(p.name, p);
  for (const [p, why] of meta.missing) result.missing.set(p, why);
  result.log = meta.log;
  result.cached = true;
  return true;
}
