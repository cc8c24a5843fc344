// Waiting without blocking Node's thread: timers, child exits and signal handlers (process.on
// 'SIGTERM') run only while the event loop does, never during a synchronous call. These helpers
// wait with zero-timeout polls between short timers, so a handler runs within a few milliseconds.
import { POLLIN } from './constants.js';
import { pollFd, read } from './fd.js';

/** Resolves after `ms` milliseconds; the event loop (and signal handlers) keep running. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The longest pause between two polls: the worst extra latency of a wait. */
const MAX_PAUSE_MS = 4;

/**
 * Waits until `fd` has one of `events` (POLLIN, POLLOUT, ...) and resolves to the revents, or to 0
 * after `timeoutMs` (-1: no limit). POLLHUP and POLLERR end the wait too. The event loop runs
 * meanwhile, so a signal handler can end the program while it waits.
 */
export async function waitFd(fd: number, events: number, timeoutMs = -1): Promise<number> {
  const start = Date.now();
  let pause = 0;
  for (;;) {
    const revents = pollFd(fd, events, 0);
    if (revents !== 0) return revents;
    if (timeoutMs >= 0 && Date.now() - start >= timeoutMs) return 0;
    await delay(pause);
    pause = Math.min(pause + 1, MAX_PAUSE_MS);
  }
}

/**
 * read(2) that lets the event loop run while nothing is there: waits with {@link waitFd}, then
 * reads. On a blocking descriptor the read itself then never blocks (unless another reader took
 * the data first). 0 at end of file.
 */
export async function readAsync(fd: number, buf: Uint8Array, count: number = buf.byteLength): Promise<number> {
  await waitFd(fd, POLLIN);
  return read(fd, buf, count);
}
