// How long ipclab's own event loop could not turn (synchronous work elsewhere in the process: a
// TypeScript transpile for another exercise, a sync fs call, or ipclab starved of a CPU). While it
// is stalled a test's processes keep running but nothing they print is read, so a wait's clock must
// not count that time (harness/run/pace.ts credits it like a CPU wait).

/** The ticker's period; a turn later than this plus SLACK_MS is a stall. */
const TICK_MS = 20;
/** Ordinary timer jitter, not counted: a loop that turns on time accrues nothing. */
const SLACK_MS = 10;

let users = 0;
let timer: NodeJS.Timeout | undefined;
let last = 0;
let accrued = 0;

/** Starts measuring (counted: each start needs a stop). */
export function startStallClock(): void {
  if (users++ > 0) return;
  last = Date.now();
  timer = setInterval(() => {
    const now = Date.now();
    accrued += late(now);
    last = now;
  }, TICK_MS).unref();
}

export function stopStallClock(): void {
  if (--users > 0) return;
  clearInterval(timer);
  timer = undefined;
}

/**
 * Milliseconds of stall so far (monotonic), the one still going on included: right after a stall
 * the ticker may not have run yet, and the wait that ran out must already see it.
 */
export function stalledMs(): number {
  return timer ? accrued + late(Date.now()) : accrued;
}

function late(now: number): number {
  return Math.max(0, now - last - TICK_MS - SLACK_MS);
}
