// Submission folder → runnable programs. The build runs sandboxed, as the unprivileged uid,
// exactly like the tests (student Makefiles are student code).
import { chmodSync, chownSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { runTest } from '../../harness/run/run-test.js';
import { isolation, runUid } from '../../harness/isolate/mode.js';
import { KEEP_UID } from '../../harness/init/protocol.js';
import { packageRoot } from '../../harness/init/binary.js';
import { releaseTempFolder, tempFolder } from '../../harness/interrupt.js';
import type { ExerciseSpec, TestSpec } from '../../harness/spec/types.js';

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
  if (!existsSync(src) || !statSync(src).isDirectory()) {
    result.status = 'no-folder';
    for (const p of spec.programs) result.missing.set(p, `the submission has no folder \`${spec.id}/\`, so \`${p}\` could not be built`);
    result.durationMs = Date.now() - started;
    return result;
  }
  cpSync(src, binDir, { recursive: true, filter: (s) => !/(^|\/)(node_modules|\.git)$/.test(s) });
  // the build runs as a uid of its own; tests later only read and execute what it made
  const builder = runUid(isolation());
  if (bo.gid !== undefined) builder.gid = bo.gid;
  // the same sources were built before: take that build (a regrade, a resubmission)
  const key = cacheKey(binDir, spec);
  if (restoreFromCache(key, binDir, result)) {
    if (builder.uid !== KEEP_UID) chownTree(binDir, builder.uid, builder.gid);
    result.durationMs = Date.now() - started;
    return result;
  }
  if (builder.uid !== KEEP_UID) chownTree(binDir, builder.uid, builder.gid);

  const files = new Set(readdirSync(binDir));
  const logs: string[] = [];
  const both = spec.programs.filter((p) => files.has(`${p}.c`) && files.has(`${p}.ts`));
  for (const p of both) {
    result.missing.set(p, `\`${spec.id}/\` holds both ${p}.c and ${p}.ts: keep only one`);
    logs.push(`${spec.id}/${p}: both ${p}.c and ${p}.ts exist — ipclab cannot tell which one to build`);
  }
  const steps: Array<{ label: string; argv: string[] }> = [];
  if (files.has('Makefile') || files.has('makefile') || files.has('GNUmakefile')) {
    steps.push({ label: 'make', argv: ['make'] });
  } else {
    const programC = new Set(spec.programs.map((p) => `${p}.c`));
    const shared = [...files].filter((f) => f.endsWith('.c') && !programC.has(f)).sort();
    for (const p of spec.programs) {
      if (both.includes(p) || !files.has(`${p}.c`)) continue;
      steps.push({ label: `cc ${p}`, argv: ['cc', ...CC_FLAGS, '-o', p, `${p}.c`, ...shared, '-lrt', '-pthread'] });
    }
  }
  // TypeScript: compiled here (transpiling runs no student code), run by Node through a wrapper.
  const tsPrograms = spec.programs.filter((p) => files.has(`${p}.ts`) && !both.includes(p));
  if (tsPrograms.length) {
    try {
      await transpileFolder(binDir);
      for (const p of tsPrograms) writeWrapper(binDir, p);
    } catch (err) {
      logs.push(`TypeScript: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  // the cc lines of an exercise are independent: compile them side by side
  const outcomes = await Promise.all(steps.map(async (step) => {
    const test: TestSpec = {
      name: 'build', title: 'build', points: 0, timeout: '120s', cleanup: false,
      processes: { build: { run: step.argv, stdin: 'none', limits: { memory_mb: 4096, processes: 0, cpu_seconds: 120 } } },
      checks: [{ exit: { process: 'build', code: 0 } }],
    };
    const obs = await runTest(test, { pathDirs: [], exerciseDir: binDir, workDir: binDir, as: builder, hide: bo.hide });
    return { step, obs };
  }));
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
  const after = new Set(readdirSync(binDir));
  for (const p of spec.programs) {
    if (result.missing.has(p)) continue;
    const path = join(binDir, p);
    if (after.has(p) && statSync(path).isFile() && (statSync(path).mode & 0o111)) {
      result.programs.set(p, { name: p, language: tsPrograms.includes(p) ? 'ts' : files.has(`${p}.c`) ? 'c' : 'make' });
    } else if (files.has(`${p}.c`) || files.has(`${p}.ts`) || steps.some((s) => s.label === 'make')) {
      result.missing.set(p, `\`${p}\` was not built (see the build log)`);
    } else {
      result.missing.set(p, `no ${p}.c (or ${p}.ts) in \`${spec.id}/\`: the program \`${p}\` is missing`);
    }
  }
  if (result.missing.size && result.status === 'built' && logs.length) result.status = 'failed';
  result.log = logs.join('\n');
  if (result.status === 'built') saveToCache(key, binDir, result);
  result.durationMs = Date.now() - started;
  return result;
}

// ---- the build cache: successful builds by the hash of their sources ----

function cacheRoot(): string | undefined {
  if (process.env.IPCLAB_BUILD_CACHE === '0') return undefined;
  return process.env.IPCLAB_BUILD_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ipclab', 'builds');
}

function cacheKey(dir: string, spec: ExerciseSpec): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: 2, v: toolVersionForCache(), id: spec.id, programs: spec.programs, flags: CC_FLAGS, arch: process.arch, node: process.execPath }));
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p, `${rel}${e.name}/`);
      else if (e.isFile()) {
        h.update(`\0${rel}${e.name}\0${statSync(p).mode & 0o777}\0`);
        h.update(readFileSync(p));
      }
    }
  };
  walk(dir, '');
  return h.digest('hex');
}

let versionForCache: string | undefined;
function toolVersionForCache(): string {
  versionForCache ??= `${JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version}`;
  return versionForCache;
}

function restoreFromCache(key: string, binDir: string, result: BuildResult): boolean {
  const root = cacheRoot();
  if (!root) return false;
  const entry = join(root, key);
  try {
    const meta = JSON.parse(readFileSync(join(entry, 'meta.json'), 'utf8')) as { programs: BuiltProgram[]; missing: Array<[string, string]>; log: string };
    if (!Array.isArray(meta.missing)) return false; // an entry from before missing programs were kept
    cpSync(join(entry, 'bin'), binDir, { recursive: true, force: true, verbatimSymlinks: true });
    for (const p of meta.programs) result.programs.set(p.name, p);
    for (const [p, why] of meta.missing) result.missing.set(p, why);
    result.log = meta.log;
    result.cached = true;
    return true;
  } catch {
    return false;
  }
}

function saveToCache(key: string, binDir: string, result: BuildResult): void {
  const root = cacheRoot();
  if (!root) return;
  const entry = join(root, key);
  const tmp = `${entry}.${process.pid}.tmp`;
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    if (existsSync(entry)) return;
    cpSync(binDir, join(tmp, 'bin'), { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify({ programs: [...result.programs.values()], missing: [...result.missing], log: result.log }));
    renameSync(tmp, entry);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // a cache is an optimisation: never an error
  }
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid, gid);
    else if (!e.isSymbolicLink()) chownSync(p, uid, gid);
  }
}

async function transpileFolder(dir: string): Promise<void> {
  // loaded only when a submission has TypeScript: it is most of the CLI's start-up time otherwise
  const ts = (await import('typescript')).default;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.ts') || e.name.endsWith('.d.ts')) continue;
    const source = readFileSync(join(dir, e.name), 'utf8');
    const out = ts.transpileModule(source, {
      fileName: e.name,
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length) {
      const d = errors[0];
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      throw new Error(`${e.name}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
    writeFileSync(join(dir, `${basename(e.name, '.ts')}.js`), out.outputText);
  }
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  // `import ... from 'ipclab/ipc'` resolves to a copy of the bindings ipclab ships, and koffi
  // beside it (2 MB): the unprivileged uid may not be able to read this repository.
  const modules = join(dir, 'node_modules');
  const ipclab = join(modules, 'ipclab');
  mkdirSync(ipclab, { recursive: true });
  const root = packageRoot();
  cpSync(join(root, 'dist', 'reference', 'lib', 'ipc.js'), join(ipclab, 'ipc.js'));
  writeFileSync(join(ipclab, 'package.json'), '{ "name": "ipclab", "type": "module", "exports": { "./ipc": "./ipc.js" } }\n');
  const koffi = dirname(requireFrom(root).resolve('koffi'));
  cpSync(koffi, join(modules, 'koffi'), { recursive: true });
  // koffi's native part is a package of its own, found beside koffi (../@koromix/koffi-<os>-<arch>)
  const native = join(koffi, '..', '@koromix', `koffi-${process.platform}-${process.arch}`);
  if (existsSync(native)) cpSync(native, join(modules, '@koromix', `koffi-${process.platform}-${process.arch}`), { recursive: true });
  chmodTree(modules);
}

function requireFrom(dir: string) {
  return createRequire(join(dir, 'package.json'));
}

/** Readable (and for folders, enterable) by everyone. */
function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chmodTree(p);
    else if (e.isFile()) chmodSync(p, statSync(p).mode & 0o111 ? 0o755 : 0o644);
  }
}

function writeWrapper(dir: string, program: string): void {
  const wrapper = join(dir, program);
  // relative to the wrapper itself, so that a cached build works from any folder
  writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' "$(dirname "$0")/${program}.js" "$@"\n`);
  chmodSync(wrapper, 0o755);
}

/** Errors first, with file:line, a dozen lines at most. */
export function briefCompilerOutput(out: string, exercise: string): string {
  const lines = out.split('\n').filter((l) => l.trim());
  const important = lines.filter((l) => /(error|warning):/.test(l));
  const pick = (important.length ? important : lines).slice(0, 12);
  const more = (important.length ? important : lines).length - pick.length;
  return pick.map((l) => `  ${l.startsWith(exercise) ? l : l.replace(/^(?=[\w.-]+\.c:\d)/, `${exercise}/`)}`).join('\n') + (more > 0 ? `\n  … and ${more} more` : '');
}
