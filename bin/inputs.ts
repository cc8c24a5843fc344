// What the user typed, checked before any work starts: each bad input becomes one UsageError
// (one line, exit 2) instead of a stack trace half-way through a grading.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../grader/errors.js';
import { catalogueIds } from '../harness/spec/load.js';
import { REPORTERS } from '../grader/report/index.js';
import { isolation, IsolationUnavailable, triedText, type Isolation } from '../harness/isolate/mode.js';
import { settings } from '../harness/settings.js';

/** A commander parser for a whole number of at least `min` ("3"; not "abc", "-5", "1.5"). */
export function wholeNumber(min: number): (text: string) => number {
  return (text) => {
    const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`It takes a whole number of at least ${min}.`);
    return n;
  };
}

/** `k/n` with 1 ≤ k ≤ n. */
export function shardSpec(text: string): { k: number; n: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || k < 1 || k > n) throw new InvalidArgumentError('It takes k/n with 1 ≤ k ≤ n, such as 2/4.');
  return { k, n };
}

/** An existing folder, or a UsageError naming what it should have been. */
export function existingFolder(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} does not exist`);
  if (!statSync(path).isDirectory()) throw new UsageError(`${what} ${path} is not a folder`);
  return path;
}

/** A folder of exercises: exists, and holds at least one exercise.yaml. */
export function catalogueFolder(path: string): string {
  existingFolder(path, '--catalogue');
  if (!catalogueIds(path).length) throw new UsageError(`--catalogue ${path} holds no exercise (no exercise.yaml in it or in its sub-folders)`);
  return path;
}

/** A folder ipclab may create files in: it exists and is writable, or can be made. */
export function writableFolder(path: string, flag: string): string {
  let probe = resolve(path);
  while (!existsSync(probe)) probe = dirname(probe);
  if (!statSync(probe).isDirectory()) throw new UsageError(`${flag} ${path}: ${probe} is a file, not a folder`);
  try {
    accessSync(probe, constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: ${probe} is not writable`);
  }
  return path;
}

/** A file ipclab may write: not a folder, in a folder it may write. */
export function writableFile(path: string, flag: string): string {
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is a folder: give a file name`);
  writableFolder(dirname(path), flag);
  return path;
}

/** The report formats asked for ("json,html" and "json html" alike), all known. */
export function reportFormats(asked: string[]): string[] {
  const formats = asked.flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !Object.hasOwn(REPORTERS, f)); // not `toString`, which every object has
  if (unknown.length) throw new UsageError(`unknown report format ${unknown.join(', ')} (known: ${Object.keys(REPORTERS).join(', ')})`);
  if (!formats.length) throw new UsageError(`--format needs at least one format (known: ${Object.keys(REPORTERS).join(', ')})`);
  return formats;
}

/** Formats that print only (to the terminal, to GitHub's step files): the others need --out-dir. */
const PRINT_ONLY = new Set(['terminal', 'github']);

export function writesFiles(formats: string[]): boolean {
  return formats.some((f) => !PRINT_ONLY.has(f));
}

/** --out names one file: exactly one of the formats may write files. */
export function oneFileFormat(formats: string[]): void {
  const files = formats.filter((f) => !PRINT_ONLY.has(f));
  if (files.length !== 1) throw new UsageError(`--out goes with exactly one file format (${files.length ? `not ${files.join(', ')}` : 'none was asked for'}): use --out-dir for several`);
}

/** Exercise ids that the catalogue has. */
export function knownExercises(wanted: string[] | undefined, dir: string | undefined): string[] | undefined {
  if (!wanted) return undefined;
  const ids = catalogueIds(dir);
  const unknown = wanted.filter((id) => !ids.includes(id));
  if (unknown.length) throw new UsageError(`no exercise ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${ids.join(', ')})`);
  return wanted;
}

/**
 * The isolation this grading gets. In CI (CI or GITHUB_ACTIONS set) fallback mode is refused
 * unless --allow-fallback says the grader knows what is missing: there, student code would run
 * as the runner's user, next to the job's tokens and step files.
 */
export function isolationFor(allowFallback: boolean | undefined): Isolation {
  let iso: Isolation;
  try {
    iso = isolation();
  } catch (err) {
    if (err instanceof IsolationUnavailable) throw new UsageError(err.message);
    throw err;
  }
  if (iso.mode !== 'fallback' || allowFallback || !settings().ci) return iso;
  const why = iso.tried.length ? `no isolated mode came up (${triedText(iso.tried)})` : 'IPCLAB_ISOLATION=fallback';
  throw new UsageError(`refusing to grade in fallback mode in CI (CI or GITHUB_ACTIONS is set): ${why}; ` +
    'run ipclab as root (on GitHub-hosted runners: sudo -E env "PATH=$PATH" ipclab ...) or give it passwordless sudo, ' +
    `or pass --allow-fallback to grade without ${iso.missing.length} protections (shared IPC namespace, /tmp and network${iso.uid === 0xffffffff ? ", student code as the runner's own user" : ''}; the report lists them)`);
}

/** Outside CI a fallback grading goes on, said once on stderr (the report lists what is missing). */
export function warnFallback(iso: Isolation): void {
  if (iso.mode !== 'fallback') return;
  const why = iso.tried.length ? `no isolated mode came up: ${triedText(iso.tried)}` : 'IPCLAB_ISOLATION=fallback';
  console.error(`ipclab: warning: grading in fallback mode (${why}); ${iso.missing.length} protections are missing, see the report`);
}
