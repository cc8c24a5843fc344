// Processes: pids, signals, waitpid and its status macros.
import { SIGNALS } from './constants.js';
import { check } from './call.js';
import { c } from './ffi.js';

/** getpid(2): the pid this process has in its own PID namespace. */
export function getpid(): number {
  return c.getpid() as number;
}

/** getppid(2). */
export function getppid(): number {
  return c.getppid() as number;
}

/** kill(2). `sig` is a number or a name such as 'SIGTERM'. */
export function kill(pid: number, sig: number | NodeJS.Signals): void {
  const n = typeof sig === 'number' ? sig : signalNumber(sig);
  check('kill', c.kill(pid, n));
}

function signalNumber(name: NodeJS.Signals): number {
  const n = (SIGNALS as Record<string, number | undefined>)[name];
  if (n === undefined) throw new RangeError(`unknown signal ${name}`);
  return n;
}

/**
 * waitpid(2): `{pid, status}` (pid 0 with WNOHANG when nothing changed). Only for children that
 * Node's child_process does not manage (it reaps its own children itself).
 */
export function waitpid(pid: number, options = 0): { pid: number; status: number } {
  const st = [0];
  const r = check('waitpid', c.waitpid(pid, st, options));
  return { pid: r, status: st[0]! };
}

export const WIFEXITED = (status: number): boolean => (status & 0x7f) === 0;
export const WEXITSTATUS = (status: number): number => (status >> 8) & 0xff;
export const WIFSIGNALED = (status: number): boolean => (status & 0x7f) !== 0 && (status & 0x7f) !== 0x7f;
export const WTERMSIG = (status: number): number => status & 0x7f;
