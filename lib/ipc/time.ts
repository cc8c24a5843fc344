// Sleeping: the synchronous sleeps of C (the whole thread waits, timers and signal handlers too).
import { check, fail } from './call.js';
import { c, koffi } from './ffi.js';
import { EINTR } from './constants.js';
import type { Timespec } from './types.js';

/** usleep(3): sleeps `usec` microseconds (below 1 000 000), e.g. a SEM_PRINT_DELAY_US between characters. */
export function usleep(usec: number): void {
  if (!Number.isInteger(usec) || usec < 0 || usec >= 1_000_000) throw new RangeError(`usleep: ${usec} is not 0..999999 microseconds`);
  check('usleep', c.usleep(usec));
}

/**
 * nanosleep(2): sleeps `req`; a signal ends it early with EINTR (thrown, as in C: the remaining
 * time is lost here — use {@link sleepNs} to sleep the whole time whatever arrives).
 */
export function nanosleep(req: Timespec): void {
  const rem = { tv_sec: 0, tv_nsec: 0 };
  check('nanosleep', c.nanosleep(req, rem));
}

/** Sleeps `ns` nanoseconds with nanosleep(2), going on after EINTR with the time that remained. */
export function sleepNs(ns: number): void {
  let req: Timespec = { tv_sec: Math.floor(ns / 1e9), tv_nsec: Math.floor(ns % 1e9) };
  for (;;) {
    const rem = { tv_sec: 0, tv_nsec: 0 };
    if (c.nanosleep(req, rem) === 0) return;
    // only EINTR goes on (EINVAL, a negative or fractional time, throws as nanosleep does)
    if (koffi().errno() !== EINTR) fail('nanosleep');
    req = rem; // the rest of the time
  }
}
