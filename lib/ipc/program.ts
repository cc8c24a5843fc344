// Helpers for a program's main: arguments (keys, integers), unbuffered output, usage and exits.
import { IpcError, UsageError } from './errors.js';
import { writeAll } from './fd.js';
import type { Bytes } from './types.js';

/**
 * A System V key from the command line, by the catalogue's rule: an unsigned 32-bit value from 1 to
 * 0xffffffff, in decimal (leading zeros allowed: `010` is ten) or `0x` hex. Returns the key_t bit
 * pattern as a signed 32-bit number (`4294967295` → -1). Throws a UsageError otherwise (0 is
 * IPC_PRIVATE, which is wrong usage).
 */
export function parseKey(text: string): number {
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = Number.parseInt(text.slice(2), 16);
  else if (/^[0-9]+$/.test(text)) value = Number.parseInt(text, 10);
  else throw new UsageError(`bad key '${text}'`);
  if (!(value >= 1 && value <= 0xffff_ffff)) throw new UsageError(`key '${text}' out of range`);
  return value | 0;
}

/** A decimal integer argument from `min` to `max` (no sign, no spaces); a UsageError otherwise. */
export function parseIntArg(text: string, what: string, min = 0, max = 0x7fff_ffff): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`bad ${what} '${text}'`);
  const value = Number.parseInt(text, 10);
  if (!(value >= min && value <= max)) throw new UsageError(`${what} '${text}' out of range`);
  return value;
}

/** The text of a received message: cut at its first NUL, if any (senders may send one or not). */
export function stripNul(data: Buffer): Buffer {
  const i = data.indexOf(0);
  return i === -1 ? data : data.subarray(0, i);
}

/** Writes to standard output at once (unbuffered: no Node stream), all of it. */
export function printOut(data: Bytes): void {
  writeAll(1, data);
}

/** Writes to standard error at once, all of it. */
export function printErr(data: Bytes): void {
  writeAll(2, data);
}

function bestEffortErr(line: string): void {
  try {
    writeAll(2, line);
  } catch {
    // Nothing more can be said when stderr itself is gone.
  }
}

/** Prints `usage: <line>` on stderr and exits with status 2. */
export function usage(line: string): never {
  bestEffortErr(line.startsWith('usage:') ? `${line}\n` : `usage: ${line}\n`);
  process.exit(2);
}

/**
 * Ends the program after an error: an IpcError prints its perror-style line
 * (`msgget: No such file or directory`) and exits 1; a UsageError prints `usage: <message>` and exits
 * 2; anything else prints its message and exits 1.
 */
export function die(err: unknown): never {
  if (err instanceof UsageError) usage(err.message);
  const line = err instanceof IpcError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  bestEffortErr(`${line}\n`);
  process.exit(1);
}

/** Sleeps synchronously (the event loop waits too). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
