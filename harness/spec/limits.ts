// Bounds on what a spec file may be, checked before and after parsing, so that no exercise.yaml
// (a typo, a stray symlink, a hostile catalogue) can hang ipclab, exhaust its memory or overflow
// its stack: each becomes one line naming the file.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Document, Node as YamlNode } from 'yaml';
import { yamlLib } from '../lazy.js';

export const MAX_SPEC_BYTES = 1 << 20;
/** Far above any real spec (the catalogue's deepest is about 10), far below a stack overflow. */
export const MAX_DEPTH = 64;
/** Expansions of YAML aliases (the yaml package's own guard against "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/** A problem with the file as a whole: reported as `file: message` (or its folder's). */
export class SpecFileError extends Error {
  constructor(message: string, readonly folder = false) {
    super(message);
  }
}

/** The spec's text: a regular file (not a symlink, FIFO or device) in a real folder, at most 1 MiB. */
export function readSpecText(file: string): string {
  if (isSymlink(dirname(file))) throw new SpecFileError('is a symlink: an exercise folder must be a real folder', true);
  if (isSymlink(file)) throw new SpecFileError('is a symlink: a spec must be a regular file');
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: a symlink swapped in, or a FIFO, fails here instead of hanging
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    throw new SpecFileError(`cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new SpecFileError('is not a regular file');
    return readBounded(fd);
  } finally {
    closeSync(fd);
  }
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Reads one byte more than allowed, to tell "exactly at the limit" from "over it". */
function readBounded(fd: number): string {
  const buf = Buffer.alloc(MAX_SPEC_BYTES + 1);
  let n = 0;
  while (n < buf.length) {
    const got = readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  if (n > MAX_SPEC_BYTES) throw new SpecFileError(`is larger than ${MAX_SPEC_BYTES >> 20} MiB: not an exercise spec`);
  return buf.subarray(0, n).toString('utf8');
}

/** The first node nested deeper than MAX_DEPTH, walked without recursion. */
export function tooDeep(doc: Document): YamlNode | undefined {
  const { isMap, isSeq, isPair, isNode } = yamlLib();
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_DEPTH) return node as YamlNode;
    for (const it of node.items) {
      if (isPair(it)) stack.push([it.key, depth + 1], [it.value, depth + 1]);
      else if (isNode(it)) stack.push([it, depth + 1]);
    }
  }
  return undefined;
}
