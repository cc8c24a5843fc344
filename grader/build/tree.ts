// File-tree I/O that ipclab does as root on folders a student controls: nothing here follows a
// symbolic link it did not check, opens a FIFO, or writes through an entry it did not just create.
import { closeSync, constants, fchmodSync, fstatSync, lchownSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, symlinkSync, unlinkSync, writeFileSync, chmodSync, type Stats } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { isAbsolute, join, posix, sep } from 'node:path';

/** Most bytes of file content an exercise folder of a submission may hold (a C exercise is a few KiB). */
export const MAX_EXERCISE_BYTES = 64 * 1024 * 1024;
/** Most entries (files, folders, links) an exercise folder may hold. */
export const MAX_EXERCISE_ENTRIES = 2000;
/** Never copied, hashed or built: a student's own dependencies and history. */
const SKIPPED = new Set(['node_modules', '.git']);
/** Problems named in a build error; the rest are counted. */
const MAX_NAMED_PROBLEMS = 10;

const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;

/** A submission that cannot be built as it is: the message names the entry and says why. */
export class TreeError extends Error {}

export interface CopiedTree {
  /** sha256 over every path, type, mode, link target and content, in a fixed order. */
  digest: string;
  /** Entries that make the exercise unbuildable (links out, FIFOs, devices…), in words for the student. */
  problems: string[];
}

interface Walk {
  label: string;
  hash: Hash;
  entries: number;
  bytes: number;
  problems: string[];
  links: Array<{ rel: string; target: string }>;
}

/**
 * Copies the exercise folder `src` (named `label` in messages) into the empty folder `dst`,
 * without following links, and hashes what it copied. Throws TreeError past the size limits.
 */
export function copySubmission(src: string, dst: string, label: string): CopiedTree {
  const top = lstatSync(src);
  if (top.isSymbolicLink()) throw new TreeError(`${label}/ is a symbolic link: the exercise folder must be a real folder`);
  if (!top.isDirectory()) throw new TreeError(`${label} is not a folder`);
  const w: Walk = { label, hash: createHash('sha256'), entries: 0, bytes: 0, problems: [], links: [] };
  copyDir(src, dst, '', w, [src, realpathSync.native(src)]);
  checkLinks(dst, w);
  const more = w.problems.length - MAX_NAMED_PROBLEMS;
  const problems = w.problems.slice(0, MAX_NAMED_PROBLEMS);
  if (more > 0) problems.push(`… and ${more} more`);
  return { digest: w.hash.digest('hex'), problems };
}

function copyDir(src: string, dst: string, rel: string, w: Walk, roots: string[]): void {
  // code-unit order, not the locale's: the same tree hashes the same everywhere
  for (const name of readdirSync(src).sort()) {
    if (SKIPPED.has(name)) continue;
    if (++w.entries > MAX_EXERCISE_ENTRIES) throw new TreeError(`${w.label}/ holds more than ${MAX_EXERCISE_ENTRIES} files: ipclab builds at most that many`);
    const s = join(src, name);
    const d = join(dst, name);
    const r = `${rel}${name}`;
    const st = lstatSync(s);
    if (st.isDirectory()) {
      w.hash.update(`d\0${r}\0${st.mode & 0o7777}\0`);
      mkdirSync(d, { mode: 0o755 });
      copyDir(s, d, `${r}/`, w, roots);
    } else if (st.isFile()) {
      copySourceFile(s, d, r, st, w);
    } else if (st.isSymbolicLink()) {
      copyLink(s, d, r, w, roots);
    } else {
      w.problems.push(`${w.label}/${r} is ${kindOf(st)}: a submission holds only files, folders and links inside it`);
    }
  }
}

function copySourceFile(s: string, d: string, r: string, st: Stats, w: Walk): void {
  if (w.bytes + st.size > MAX_EXERCISE_BYTES) throw new TreeError(`${w.label}/ holds more than ${MAX_EXERCISE_BYTES / 1024 / 1024} MiB (at ${w.label}/${r}): ipclab builds at most that much`);
  const content = readRegular(s);
  if (!content) {
    w.problems.push(`${w.label}/${r} changed while ipclab copied it`);
    return;
  }
  w.bytes += content.length;
  if (w.bytes > MAX_EXERCISE_BYTES) throw new TreeError(`${w.label}/ holds more than ${MAX_EXERCISE_BYTES / 1024 / 1024} MiB: ipclab builds at most that much`);
  w.hash.update(`f\0${r}\0${st.mode & 0o7777}\0${content.length}\0`);
  w.hash.update(content);
  // group and others never write a build; set-id bits never survive a copy
  writeNew(d, content, st.mode & 0o755);
}

function copyLink(s: string, d: string, r: string, w: Walk, roots: string[]): void {
  const raw = readlinkSync(s);
  const target = insideTarget(raw, r, roots);
  if (target === undefined) {
    w.problems.push(`${w.label}/${r} is a symbolic link to a file outside ${w.label}/`);
    return;
  }
  w.hash.update(`l\0${r}\0${target}\0`);
  symlinkSync(target, d);
  w.links.push({ rel: r, target });
}

/**
 * The link's target as the copy holds it, if it names a place inside the exercise folder, else
 * undefined. Relative targets are kept as they are; absolute ones inside become relative, so the
 * copy holds no path into the submission. Neither is normalized: `x/..` after a link `x` is not
 * where normalizing puts it (checkLinks resolves those).
 */
function insideTarget(raw: string, rel: string, roots: string[]): string | undefined {
  const from = posix.dirname(rel);
  let target = raw;
  if (isAbsolute(raw)) {
    const root = roots.find((x) => raw === x || raw.startsWith(`${x}${sep}`));
    if (root === undefined) return undefined;
    const up = from === '.' ? '' : '../'.repeat(from.split('/').length);
    target = `${up}${raw.slice(root.length + 1)}` || '.';
  }
  const normal = posix.normalize(posix.join(from, target));
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return target;
}

/**
 * `..` after a link leaves from where the link points, not where it sits: so a link whose
 * target climbs must really resolve inside the copy; one that only descends may dangle.
 */
function checkLinks(dst: string, w: Walk): void {
  const top = realpathSync.native(dst);
  for (const { rel, target } of w.links) {
    if (!target.split('/').includes('..')) continue;
    let real: string | undefined;
    try {
      real = realpathSync.native(join(dst, rel)); // the JS realpathSync normalizes `..` lexically first
    } catch {
      real = undefined;
    }
    if (real === undefined || (real !== top && !real.startsWith(`${top}${sep}`))) {
      w.problems.push(`${w.label}/${rel} is a symbolic link to a file outside ${w.label}/ (or to nothing)`);
    }
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** The bytes of a regular file, opened without following a link or blocking on a FIFO; undefined if it is not one. */
function readRegular(path: string, owner?: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || (owner !== undefined && st.uid !== owner)) return undefined;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces whatever entry `path` is (a link, a file) by a new regular file; never writes through a link. */
export function writeNew(path: string, content: string | Buffer, mode: number): void {
  const old = lstatOrUndefined(path);
  if (old?.isDirectory()) throw new TreeError(`${path.split(sep).pop()} is a folder, where ipclab writes a file`);
  if (old) unlinkSync(path);
  const fd = openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  try {
    writeFileSync(fd, content);
    fchmodSync(fd, mode); // the umask narrowed the mode open was given
  } finally {
    closeSync(fd);
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Copies a build tree (a build's output into the cache, or a cache entry back) without following
 * links, and only if every entry is a folder, file or link owned by `owner`: so a tree swapped
 * under the walk cannot make root copy a file the owner could not read. Throws TreeError otherwise.
 */
export function copyOwnedTree(src: string, dst: string, owner: number, maxBytes: number): void {
  let bytes = 0;
  const walk = (s: string, d: string): void => {
    const st = lstatSync(s);
    if (st.uid !== owner) throw new TreeError(`${s} is not the build's own`);
    if (st.isSymbolicLink()) return symlinkSync(readlinkSync(s), d);
    if (st.isDirectory()) {
      mkdirSync(d, { mode: 0o755 });
      for (const name of readdirSync(s)) walk(join(s, name), join(d, name));
      return;
    }
    const content = st.isFile() ? readRegular(s, owner) : undefined;
    if (!content) throw new TreeError(`${s} is not a regular file`);
    bytes += content.length;
    if (bytes > maxBytes) throw new TreeError(`${src} is too large`);
    writeNew(d, content, st.mode & 0o755);
  };
  walk(src, dst);
}

/** Gives a tree to `uid:gid` (links themselves, never what they point to). */
export function chownTree(dir: string, uid: number, gid: number): void {
  lchownSync(dir, uid, gid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid, gid);
    else lchownSync(p, uid, gid);
  }
}

/** Readable (and for folders, enterable) by everyone; links are left alone (chmod would follow them). */
export function chmodTree(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chmodTree(p);
    else if (e.isFile()) chmodSync(p, lstatSync(p).mode & 0o111 ? 0o755 : 0o644);
  }
}

/** Why `path` cannot be run as a built program, or undefined when it is a regular executable file (the entry itself, never a link's target). */
export function notRunnable(path: string): string | undefined {
  const st = lstatOrUndefined(path);
  if (!st) return 'was not built';
  if (st.isSymbolicLink()) return 'is a symbolic link, not a program: the build must make a regular executable file';
  if (!st.isFile()) return `is ${st.isDirectory() ? 'a folder' : kindOf(st)}, not a program`;
  if (!(st.mode & 0o111)) return 'is not executable';
  return undefined;
}
