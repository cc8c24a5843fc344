// How a failed call is reported: IpcError (perror-style, with errno and its name), UsageError for a
// program's bad arguments, and the errno helpers.
import { EINTR } from './constants.js';
import { c, koffi } from './ffi.js';

/** A failed system call: `call` is the C function, `errno`/`code` what it failed with. */
export class IpcError extends Error {
  readonly call: string;
  readonly errno: number;
  readonly code: string;

  constructor(call: string, errno: number) {
    super(`${call}: ${strerror(errno)}`);
    this.name = 'IpcError';
    this.call = call;
    this.errno = errno;
    this.code = errnoName(errno);
  }
}

/** Wrong usage of a program (a bad argument); programs turn it into exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

let errnoNames: Map<number, string> | undefined;

/** The symbolic name of an errno value (`2` → `'ENOENT'`), or `E<n>` for an unknown one. */
export function errnoName(errno: number): string {
  // built on first use, as koffi is loaded then (ffi.ts)
  if (!errnoNames) {
    errnoNames = new Map();
    // Names come in alphabetical order: EAGAIN before EWOULDBLOCK, EDEADLK before EDEADLOCK.
    for (const [name, value] of Object.entries(koffi().os.errno)) if (!errnoNames.has(value)) errnoNames.set(value, name);
  }
  return errnoNames.get(errno) ?? `E${errno}`;
}

/** strerror(3): the system's message for an errno value. */
export function strerror(errno: number): string {
  return (c.strerror(errno) as string | null) ?? `Unknown error ${errno}`;
}

/** Runs `fn` again as long as it throws an IpcError with EINTR (a signal interrupted it). */
export function retryEintr<T>(fn: () => T): T {
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof IpcError && e.errno === EINTR)) throw e;
    }
  }
}
