// Where a build happens and who owns what: a temp root only the submission's group can read, bin/
// (root's while root writes into it, then the builder's), the helpers beside it, root-owned.
import { chmodSync, chownSync, copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KEEP_UID } from '../../harness/init/protocol.js';
import { tempFolder } from '../../harness/interrupt.js';
import { isolation, runUid } from '../../harness/isolate/mode.js';
import { compiledHelpers } from './helpers.js';
import { chmodTree, chownTree } from './tree.js';

/** Sub-folder of the build's root holding the exercise's helpers: root-owned, so student code cannot replace them. */
export const HELPERS_DIR = '../helpers';

export interface BuildFolder {
  root: string;
  binDir: string;
}

export async function makeBuildFolder(id: string, gid: number | undefined, exerciseDir?: string): Promise<BuildFolder> {
  const root = tempFolder(`ipclab-build-${id}-`); // removed on a signal too
  if (gid !== undefined) {
    chownSync(root, 0, gid);
    chmodSync(root, 0o750);
  } else chmodSync(root, 0o755);
  const binDir = join(root, 'bin');
  mkdirSync(binDir, { mode: 0o755 });
  if (exerciseDir) await copyHelpers(exerciseDir, join(root, 'helpers'));
  return { root, binDir };
}

/**
 * The exercise's helpers, root-owned: scripts as they are, C helpers as their compiled binaries
 * (sources and headers stay out). Copied, not referenced: the repository may sit where the
 * unprivileged uid cannot read.
 */
async function copyHelpers(exerciseDir: string, to: string): Promise<void> {
  const from = join(exerciseDir, 'helpers');
  if (!existsSync(from)) return;
  cpSync(from, to, { recursive: true, filter: (p) => !/\.[ch]$/.test(p) });
  for (const h of await compiledHelpers(exerciseDir)) copyFileSync(h.path, join(to, h.name));
  chmodTree(to);
}

export interface Builder {
  /** The uid and gid the build runs as (a uid of its own; tests later only read and execute what it made). */
  as: { uid: number; gid: number };
  /** Who owns the build's output: the builder, or this process when it keeps its own uid. */
  owner: number;
}

export function builderFor(gid: number | undefined): Builder {
  const as = runUid(isolation());
  if (gid !== undefined) as.gid = gid;
  return { as, owner: as.uid === KEEP_UID ? process.getuid?.() ?? 0 : as.uid };
}

/**
 * An empty folder beside bin/, this process's alone, into which a sandboxed step copies its bin/
 * back (harness/run/plan.ts `buildOut`): the step itself only ever writes a copy in its tmpfs.
 */
export function outFolder(binDir: string): string {
  const out = join(dirname(binDir), 'out');
  mkdirSync(out, { mode: 0o700 });
  return out;
}

/** bin/ becomes what the step copied back (its entries keep the builder's owner), and is the builder's as before. */
export function takeOut(out: string, binDir: string, builder: { uid: number; gid: number }): void {
  if (builder.uid !== KEEP_UID) chownSync(out, builder.uid, builder.gid);
  chmodSync(out, 0o755);
  rmSync(binDir, { recursive: true, force: true });
  renameSync(out, binDir);
}

/** Gives bin/ to the builder, once every root-side write into it is done. */
export function handOver(binDir: string, builder: Builder): void {
  if (builder.as.uid !== KEEP_UID) chownTree(binDir, builder.as.uid, builder.as.gid);
}
