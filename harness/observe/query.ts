// Questions about a snapshot that both the run's waits and the grader's checks ask, so that a
// wait and a check of the same thing can never disagree.
import { callMatches } from './syscalls.js';
import type { ProcessState } from './snapshot.js';

/** Asleep in that system call, not merely about to enter or leave it. */
export function isBlockedIn(p: ProcessState, call: string): boolean {
  return (p.state === 'S' || p.state === 'D') && !p.running && !!p.syscall && callMatches(call, p.syscall.name);
}

/** A System V key as an exercise writes it: decimal or 0x-hex, taken as unsigned 32 bits. */
export function parseKeyText(text: string): number {
  const t = text.trim();
  return (/^0x/i.test(t) ? parseInt(t.slice(2), 16) : parseInt(t, 10)) >>> 0;
}
