// The build cache: successful builds, keyed on everything that decides what a build makes — the
// whole source tree (see tree.ts), the toolchain, ipclab itself — so a cached build is only ever
// used for a tree that would build the same.
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot, settings } from '../../harness/settings.js';
import type { ExerciseSpec } from '../../harness/spec/types.js';
import { copyOwnedTree } from './tree.js';

/** Bumped whenever the key or an entry's layout changes: older entries are then never used. */
export const CACHE_FORMAT = 4; // 4: TypeScript builds are type-checked
/** A build's output larger than this (sources, objects, node_modules) is not cached. */
const MAX_CACHED_BYTES = 256 * 1024 * 1024;
/** The folders a build finds `cc` and `make` in (run-test.ts puts them on every sandbox's PATH). */
const SYSTEM_PATH = ['/usr/local/bin', '/usr/bin', '/bin'];

export interface CachedBuild {
  programs: Array<{ name: string; language: 'c' | 'ts' | 'make' }>;
  missing: Array<[string, string]>;
  log: string;
}

export function cacheRoot(): string | undefined {
  return settings().buildCache;
}

/** The key of a build of the tree with this digest (copySubmission's) for this exercise. */
export function cacheKey(treeDigest: string, spec: ExerciseSpec, ccFlags: string[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ format: CACHE_FORMAT, toolchain: toolchain(), id: spec.id, programs: spec.programs, flags: ccFlags }));
  h.update(`\0${treeDigest}`);
  return h.digest('hex');
}

let memo: Record<string, string> | undefined;
/** What builds a submission besides its sources: read once per process. */
function toolchain(): Record<string, string> {
  if (memo) return memo;
  const root = packageRoot();
  const req = createRequire(join(root, 'package.json'));
  const version = (file: string) => String(JSON.parse(readFileSync(file, 'utf8')).version);
  memo = {
    ipclab: version(join(root, 'package.json')),
    node: `${process.version} ${process.execPath} ${process.platform}-${process.arch}`,
    typescript: version(req.resolve('typescript/package.json')),
    nodeTypes: version(req.resolve('@types/node/package.json')),
    koffi: version(join(req.resolve('koffi'), '..', 'package.json')),
    cc: describeTool('cc'),
    make: describeTool('make'),
  };
  return memo;
}

/** Path, real file, size and mtime: a compiler upgrade changes them, without running it. */
function describeTool(name: string): string {
  for (const dir of SYSTEM_PATH) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const real = realpathSync.native(path);
    const st = statSync(real);
    return `${path} ${real} ${st.size} ${st.mtimeMs}`;
  }
  return 'absent';
}

/** Whether the cache has an entry for this key (restoreBuild may still find it unusable). */
export function hasBuild(key: string): boolean {
  const root = cacheRoot();
  return !!root && existsSync(join(root, key, 'meta.json'));
}

/** Makes the folder `binDir` (which must not exist) from the cache; undefined (and `binDir` possibly partly made) when there is no usable entry. */
export function restoreBuild(key: string, binDir: string): CachedBuild | undefined {
  const root = cacheRoot();
  if (!root) return undefined;
  const entry = join(root, key);
  try {
    const meta = JSON.parse(readFileSync(join(entry, 'meta.json'), 'utf8')) as CachedBuild;
    if (!Array.isArray(meta.programs) || !Array.isArray(meta.missing) || typeof meta.log !== 'string') return undefined;
    copyOwnedTree(join(entry, 'bin'), binDir, process.getuid?.() ?? 0, MAX_CACHED_BYTES);
    return meta;
  } catch {
    return undefined;
  }
}

/** Stores a build whose every entry `owner` owns; a cache is an optimisation: never an error. */
export function saveBuild(key: string, binDir: string, owner: number, meta: CachedBuild): void {
  const root = cacheRoot();
  if (!root) return;
  const entry = join(root, key);
  const tmp = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(root, { recursive: true, mode: 0o700 });
    if (existsSync(entry)) return;
    mkdirSync(tmp, { mode: 0o700 });
    copyOwnedTree(binDir, join(tmp, 'bin'), owner, MAX_CACHED_BYTES);
    writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta));
    renameSync(tmp, entry);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
  }
}
