// Submission folder → runnable programs. The build runs sandboxed, as the unprivileged uid,
// exactly like the tests (student Makefiles are student code). Everything root does to the
// submission's files goes through tree.ts, which never follows a link it did not check.
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runPlan } from '../../harness/run/run-test.js';
import { commandPlan } from '../../harness/run/plan.js';
import { isolation, runUid } from '../../harness/isolate/mode.js';
import { KEEP_UID } from '../../harness/init/protocol.js';
import { releaseTempFolder, tempFolder } from '../../harness/interrupt.js';
import type { ExerciseSpec } from '../../harness/spec/types.js';
import { cacheKey, hasBuild, restoreBuild, saveBuild } from './cache.js';
import { chmodTree, chownTree, copySubmission, notRunnable, TreeError, type CopiedTree } from './tree.js';
import { transpileFolder, writeWrapper } from './typescript.js';

export type Language = 'c' | 'ts' | 'make';

export interface BuiltProgram {
  name: string;
  language: Language;
}

export interface BuildResult {
  status: 'built' | 'failed' | 'no-folder';
  /** Folder with the programs; first on PATH in every test. */
  binDir: string;
  programs: Map<string, BuiltProgram>;
  /** Program → why it is missing, in words that name the file. */
  missing: Map<string, string>;
  /** Short build log: errors with file:line first. */
  log: string;
  /** Taken from the build cache (the same sources were built before). */
  cached?: boolean;
  durationMs: number;
  cleanup(): void;
}

export const CC_FLAGS = ['-std=gnu11', '-Wall', '-Wextra', '-O2'];

/** Sub-folder of the build's root holding the exercise's helpers: root-owned, so student code cannot replace them. */
export const HELPERS_DIR = '../helpers';

export interface BuildOptions {
  /** The submission's own group: its build and its tests share it, and nobody else can read the build. */
  gid?: number;
  /** Folders the build must not see. */
  hide?: string[];
}

export async function buildExercise(submissionDir: string, spec: ExerciseSpec, exerciseDir?: string, bo: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  const src = join(submissionDir, spec.id);
  const root = tempFolder(`ipclab-build-${spec.id}-`); // removed on a signal too
  if (bo.gid !== undefined) {
    chownSync(root, 0, bo.gid);
    chmodSync(root, 0o750);
  } else chmodSync(root, 0o755);
  const binDir = join(root, 'bin');
  mkdirSync(binDir, { mode: 0o755 });
  // Copied, not referenced: the repository may sit where the unprivileged uid cannot read.
  if (exerciseDir && existsSync(join(exerciseDir, 'helpers'))) {
    cpSync(join(exerciseDir, 'helpers'), join(root, 'helpers'), { recursive: true });
    chmodTree(join(root, 'helpers'));
  }
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
  // the build runs as a uid of its own; tests later only read and execute what it made
  const builder = runUid(isolation());
  if (bo.gid !== undefined) builder.gid = bo.gid;
  const owner = builder.uid === KEEP_UID ? process.getuid?.() ?? 0 : builder.uid;
  // the same tree was built before, by the same toolchain: take that build (a regrade, a resubmission)
  const key = cacheKey(tree.digest, spec, CC_FLAGS);
  if (fromCache(key, src, binDir, spec.id, result)) {
    if (builder.uid !== KEEP_UID) chownTree(binDir, builder.uid, builder.gid);
    return done();
  }

  const files = new Set(readdirSync(binDir));
  const logs: string[] = [];
  const both = spec.programs.filter((p) => files.has(`${p}.c`) && files.has(`${p}.ts`));
  for (const p of both) {
    result.missing.set(p, `\`${spec.id}/\` holds both ${p}.c and ${p}.ts: keep only one`);
    logs.push(`${spec.id}/${p}: both ${p}.c and ${p}.ts exist — ipclab cannot tell which one to build`);
  }
  const steps = buildSteps(spec, files, both);
  const tsPrograms = spec.programs.filter((p) => files.has(`${p}.ts`) && !both.includes(p));
  if (tsPrograms.length) {
    try {
      await transpileFolder(binDir);
      for (const p of tsPrograms) writeWrapper(binDir, p);
    } catch (err) {
      logs.push(`TypeScript: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (builder.uid !== KEEP_UID) chownTree(binDir, builder.uid, builder.gid);
  // the cc lines of an exercise are independent: compile them side by side
  const outcomes = await Promise.all(steps.map(async (step) => ({ step, obs: await runStep(step.argv, binDir, builder, bo.hide) })));
  for (const { step, obs } of outcomes) {
    const proc = obs.processes[0];
    const out = `${obs.streams['build']?.head.toString() ?? ''}${obs.streams['build.stderr']?.head.toString() ?? ''}`;
    const ok = proc.exit?.code === 0;
    if (!ok) {
      result.status = 'failed';
      const why = proc.execError ?? obs.termination?.message ?? obs.harnessError ?? (proc.exit?.signal ? `killed by ${proc.exit.signal}` : `exit status ${proc.exit?.code}`);
      logs.push(`${step.argv.join(' ')} failed (${why}):\n${briefCompilerOutput(out, spec.id)}`);
    } else if (/warning:/.test(out)) {
      logs.push(`${step.argv.join(' ')}:\n${briefCompilerOutput(out, spec.id)}`);
    }
  }
  checkPrograms(spec, binDir, files, tsPrograms, steps.some((s) => s.label === 'make'), result);
  if (result.missing.size && result.status === 'built' && logs.length) result.status = 'failed';
  result.log = logs.join('\n');
  if (result.status === 'built') saveBuild(key, binDir, owner, { programs: [...result.programs.values()], missing: [...result.missing], log: result.log });
  return done();
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
  const why = problems.length > 1 ? `${problems[0]} (and more: see the build log)` : problems[0];
  for (const p of spec.programs) result.missing.set(p, `\`${p}\` was not built: ${why}`);
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

function buildSteps(spec: ExerciseSpec, files: Set<string>, both: string[]): Array<{ label: string; argv: string[] }> {
  if (files.has('Makefile') || files.has('makefile') || files.has('GNUmakefile')) return [{ label: 'make', argv: ['make'] }];
  const programC = new Set(spec.programs.map((p) => `${p}.c`));
  const shared = [...files].filter((f) => f.endsWith('.c') && !programC.has(f)).sort();
  return spec.programs
    .filter((p) => !both.includes(p) && files.has(`${p}.c`))
    .map((p) => ({ label: `cc ${p}`, argv: ['cc', ...CC_FLAGS, '-o', p, `${p}.c`, ...shared, '-lrt', '-pthread'] }));
}

function runStep(argv: string[], binDir: string, builder: { uid: number; gid: number }, hide?: string[]) {
  const limits = { memory_mb: 4096, processes: 0, cpu_seconds: 120 };
  return runPlan(commandPlan(argv, { workDir: binDir, as: builder, hide, timeoutMs: 120_000, limits }));
}

/** What a test runs is the entry `bin/<program>` itself: a regular executable file, never a link. */
function checkPrograms(spec: ExerciseSpec, binDir: string, files: Set<string>, tsPrograms: string[], made: boolean, result: BuildResult): void {
  for (const p of spec.programs) {
    if (result.missing.has(p)) continue;
    const why = notRunnable(join(binDir, p));
    if (!why) {
      result.programs.set(p, { name: p, language: tsPrograms.includes(p) ? 'ts' : files.has(`${p}.c`) ? 'c' : 'make' });
    } else if (files.has(`${p}.c`) || files.has(`${p}.ts`) || made) {
      result.missing.set(p, why === 'was not built' ? `\`${p}\` was not built (see the build log)` : `\`${p}\` was not built: \`${spec.id}/${p}\` ${why}`);
    } else {
      result.missing.set(p, `no ${p}.c (or ${p}.ts) in \`${spec.id}/\`: the program \`${p}\` is missing`);
    }
  }
}

/** Errors first, with file:line, a dozen lines at most. */
export function briefCompilerOutput(out: string, exercise: string): string {
  const lines = out.split('\n').filter((l) => l.trim());
  const important = lines.filter((l) => /(error|warning):/.test(l));
  const pick = (important.length ? important : lines).slice(0, 12);
  const more = (important.length ? important : lines).length - pick.length;
  return pick.map((l) => `  ${l.startsWith(exercise) ? l : l.replace(/^(?=[\w.-]+\.c:\d)/, `${exercise}/`)}`).join('\n') + (more > 0 ? `\n  … and ${more} more` : '');
}
