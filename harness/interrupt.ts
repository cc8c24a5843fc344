// What ipclab must undo when SIGINT or SIGTERM ends it: the tests under way (their inits and
// process trees), then the temp folders it made (build and run folders hold student code and
// binaries). Node runs no clean-up of its own on a signal, and tmp-promise's only at a normal
// exit, so everything that makes such a thing registers it here while it exists.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The part of tmp-promise used here (its types name the `tmp` package, which ships none). */
interface Tmp {
  dirSync(o: { template: string; tmpdir?: string; unsafeCleanup: boolean; keep: boolean }): { name: string; removeCallback(): void };
  setGracefulCleanup(): void;
}
let tmpLib: Tmp | undefined;
let graceful = false;

/**
 * tmp-promise, loaded (it is CommonJS: synchronously) by the first temp folder: ~5 ms of CPU
 * then, instead of ~14 ms at every CLI start as an import (docs/architecture.md).
 */
function tmp(): Tmp {
  if (!tmpLib) {
    tmpLib = createRequire(import.meta.url)('tmp-promise') as Tmp;
    if (graceful) tmpLib.setGracefulCleanup();
  }
  return tmpLib;
}

type Stop = () => Promise<void>;

const folders = new Map<string, () => void>();
const stoppers = new Set<Stop>();
const finals = new Set<() => void>();
let stopping = false;

/** True once a signal asked ipclab to stop: nothing new may start, no result may be recorded. */
export function interrupted(): boolean {
  return stopping;
}

export interface TempFolderOptions {
  /** Where (default: $TMPDIR). */
  parent?: string;
  /** How to remove it (default: rm -rf). */
  remove?: (dir: string) => void;
}

/**
 * A fresh folder (mode 0700, `prefix` + 6 random characters, as mkdtemp names it), removed on a
 * signal if its owner has not removed it by then. tmp-promise makes and tracks it; one with its
 * own remover is only made by it (`keep`): rm -rf at exit would be wrong for it (a mount inside).
 */
export function tempFolder(prefix: string, o: TempFolderOptions = {}): string {
  if (stopping) throw new Error('ipclab is stopping: no new temp folder');
  const made = tmp().dirSync({ template: `${tmpSafe(prefix)}XXXXXX`, tmpdir: o.parent, unsafeCleanup: true, keep: !!o.remove });
  const dir = made.name;
  folders.set(dir, o.remove ? () => o.remove!(dir) : () => ignoreMissing(made.removeCallback));
  return dir;
}

/** Removes a folder made by tempFolder (with its own remover) and forgets it. */
export function releaseTempFolder(dir: string): void {
  const remove = folders.get(dir) ?? (() => rmSync(dir, { recursive: true, force: true }));
  folders.delete(dir);
  remove();
}

/** tmp refuses a `..` in a name and fills the first XXXXXX it finds: the prefix holds neither, nor a trailing X. */
export function tmpSafe(prefix: string): string {
  return prefix.replace(/\.(?=\.)|X(?=XXXXX|X*$)/g, '_');
}

/** Gone already is removed (as rm -rf says); tmp's remover throws ENOENT. */
function ignoreMissing(remove: () => void): void {
  try {
    remove();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Something running that a signal must end (and wait for) before folders go; returns its unregister. */
export function onStop(stop: Stop): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/** A last record to write once everything has stopped (a batch's gradebook); returns its unregister. */
export function onInterrupted(write: () => void): () => void {
  finals.add(write);
  return () => finals.delete(write);
}

/** Ends what runs (at most `graceMs`), writes the final records, removes the folders. */
export async function stopEverything(graceMs = 5000): Promise<void> {
  stopping = true;
  const all = [...stoppers].map((s) => s().catch(() => undefined));
  await Promise.race([Promise.all(all), new Promise((r) => setTimeout(r, graceMs).unref())]);
  for (const write of [...finals]) {
    try {
      write();
    } catch {
      /* a record that cannot be written must not keep the folders on disk */
    }
  }
  removeFolders();
}

function removeFolders(): void {
  for (const [dir, remove] of [...folders]) {
    folders.delete(dir);
    try {
      remove();
    } catch {
      /* best effort: the next folder still goes */
    }
  }
}

const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * For the CLI: on SIGINT/SIGTERM stop everything and exit 130/143. Further signals while
 * stopping are ignored (stopping is bounded): exiting half-way would remove folders that
 * processes still write to. A normal exit removes any folder left (tmp-promise's graceful
 * clean-up, then ours for the folders with their own remover).
 */
export function exitOnSignals(): void {
  graceful = true;
  tmpLib?.setGracefulCleanup();
  for (const signal of Object.keys(EXIT_CODES)) {
    process.on(signal, () => {
      if (stopping) return;
      void stopEverything().finally(() => process.exit(EXIT_CODES[signal]));
    });
  }
  process.on('exit', removeFolders);
}
