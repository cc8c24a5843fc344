// An exercise's helpers in C: `helpers/<name>.c` becomes the helper `<name>`. Helpers are trusted
// instructor code, so they are compiled as ipclab's own user, outside any sandbox, once per content
// hash (the source, the folder's headers, the compiler's identity and the flags) into the cache
// folder; every build then only copies the binary. A helper that does not compile is the
// instructor's mistake: one UsageError line, never a student's failure.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { settings } from '../../harness/settings.js';
import { UsageError } from '../errors.js';

/** Bumped when the key or the cache layout changes. */
const HELPER_FORMAT = 1;
export const HELPER_CC_FLAGS = ['-std=gnu11', '-O2', '-Wall'];
const HELPER_LIBS = ['-lrt', '-pthread'];

export interface CompiledHelper {
  name: string;
  /** The binary in the cache folder (copied into each build's helpers folder). */
  path: string;
}

/** How many helpers this process has compiled (not taken from the cache): for tests. */
export let helperCompilations = 0;
/** Content key → helper name → its binary: shared by concurrent builds, so one compile per key. */
const memo = new Map<string, Map<string, Promise<string>>>();

/** The `.c` sources of an exercise's helpers folder. */
export function helperSources(exerciseDir: string): string[] {
  const dir = join(exerciseDir, 'helpers');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.c')).map((e) => e.name).sort();
}

/** Every C helper of the exercise, compiled or taken from the cache; a UsageError when one does not compile. */
export async function compiledHelpers(exerciseDir: string): Promise<CompiledHelper[]> {
  const dir = join(exerciseDir, 'helpers');
  const sources = helperSources(exerciseDir);
  if (!sources.length) return [];
  const headers = readdirSync(dir).filter((f) => f.endsWith('.h')).sort().map((f) => `${f}\0${readFileSync(join(dir, f), 'latin1')}`).join('\0');
  const out: CompiledHelper[] = [];
  // one at a time, as the instructor's first broken helper is the one reported
  for (const file of sources) {
    const key = helperKey(readFileSync(join(dir, file)), headers);
    const name = file.slice(0, -2);
    out.push({ name, path: await remembered(key, name, () => compileHelper(join(dir, file), name, key)) });
  }
  return out;
}

/** The memo's binary for key and name, else compile's; a failed compile is forgotten (the next call says why again). */
function remembered(key: string, name: string, compile: () => Promise<string>): Promise<string> {
  const byName = memo.get(key) ?? new Map<string, Promise<string>>();
  memo.set(key, byName);
  let path = byName.get(name);
  if (!path) {
    path = compile();
    byName.set(name, path);
    path.catch(() => byName.delete(name));
  }
  return path;
}

/** For tests: forget what this process compiled, so the next call looks at the cache folder. */
export function forgetCompiledHelpers(): void {
  memo.clear();
}

function helperKey(source: Buffer, headers: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: HELPER_FORMAT, cc: compilerIdentity(settings().cc), flags: HELPER_CC_FLAGS, libs: HELPER_LIBS }));
  h.update('\0').update(headers).update('\0').update(source);
  return h.digest('hex');
}

/** The compiler as found on PATH: path, real file, size and mtime (an upgrade changes them). */
function compilerIdentity(cc: string): string {
  const dirs = cc.includes('/') ? [''] : (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const d of dirs) {
    const path = d ? join(d, cc) : cc;
    if (!existsSync(path)) continue;
    const real = realpathSync.native(path);
    const st = statSync(real);
    return `${path} ${real} ${st.size} ${st.mtimeMs}`;
  }
  return `${cc} (not found)`;
}

/** The cached binary for this key, compiling it first when the cache has none. */
async function compileHelper(source: string, name: string, key: string): Promise<string> {
  const entry = join(settings().cacheDir, 'helpers', key);
  const bin = join(entry, name);
  if (existsSync(bin)) return bin;
  mkdirSync(entry, { recursive: true, mode: 0o755 });
  // compiled beside, then renamed: a helper being compiled by another ipclab is never half there
  const tmp = `${bin}.${process.pid}.tmp`;
  try {
    // execa is loaded here, not at every start (~200 ms): only a helper not yet in the cache pays it
    const { execa } = await import('execa');
    await execa(settings().cc, [...HELPER_CC_FLAGS, '-o', tmp, source, ...HELPER_LIBS], { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe' });
    chmodSync(tmp, 0o755);
    renameSync(tmp, bin);
    helperCompilations++;
    return bin;
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${relative(process.cwd(), source) || source}: the helper does not compile: ${firstError(err)}`);
  }
}

/** The compiler's first error line (or why it could not run), as one line. */
function firstError(err: unknown): string {
  const stderr = String((err as { stderr?: string }).stderr ?? '');
  const line = stderr.split('\n').find((l) => /\berror\b/.test(l)) ?? stderr.split('\n').find((l) => l.trim());
  // no compiler output: the spawn's own error ("spawn cc ENOENT"), else execa's account (exit, signal)
  const e = err as { originalMessage?: string; shortMessage?: string };
  const text = line ?? (e.originalMessage || e.shortMessage || String(err)).split('\n')[0];
  return text.trim().slice(0, 300);
}

/** `ipclab validate`: the helpers that do not compile, one line each. */
export async function helperProblems(exerciseDir: string): Promise<string[]> {
  try {
    await compiledHelpers(exerciseDir);
    return [];
  } catch (err) {
    if (err instanceof UsageError) return [err.message];
    throw err;
  }
}
