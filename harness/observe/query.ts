// Questions about a snapshot that both the run's waits and the grader's checks ask, so that a
// wait and a check of the same thing can never disagree.
import { callMatches } from './syscalls.js';
import type { Inventory, ProcessState, ThreadState } from './snapshot.js';

/** Asleep in that system call, not merely about to enter or leave it. */
export function isBlockedIn(p: ProcessState, call: string): boolean {
  return (p.state === 'S' || p.state === 'D') && !p.running && !!p.syscall && callMatches(call, p.syscall.name);
}

/** A System V key as an exercise writes it: decimal or 0x-hex, taken as unsigned 32 bits. */
export function parseKeyText(text: string): number {
  const t = text.trim();
  return (/^0x/i.test(t) ? parseInt(t.slice(2), 16) : parseInt(t, 10)) >>> 0;
}

/** A process's threads, the main one first, as a thread state each. */
export function threadsOf(p: ProcessState): ThreadState[] {
  return [{ tid: p.pid, state: p.state, running: p.running, syscall: p.syscall }, ...p.threads];
}

/**
 * The object behind a futex address: the shared mapping it lies in (a semaphore between processes
 * lives in one; a private copy shares nothing), and the POSIX object that mapping is, if any.
 */
export function futexObject(p: ProcessState, addrHex: string, inv: Inventory): { path: string; posix?: string; kind: 'sem' | 'shm' | 'file' } | undefined {
  const addr = BigInt(addrHex);
  const m = p.maps.find((x) => x.shared && addr >= x.start && addr < x.end);
  if (!m) return undefined;
  // glibc maps a named semaphore under a temporary name before linking it: go by inode
  const named = inv.posix.find((o) => o.inode === m.inode && o.kind !== 'mq');
  if (named) return { path: m.path, posix: named.name, kind: named.kind === 'sem' ? 'sem' : 'shm' };
  const inShm = /^\/dev\/shm\/(sem\.)?(.+)$/s.exec(m.path);
  return inShm ? { path: m.path, posix: `/${inShm[2]}`, kind: inShm[1] ? 'sem' : 'shm' } : { path: m.path, kind: 'file' };
}

/**
 * Some thread of the process sleeps in that call (on that object, when `on` names a file or a
 * POSIX name). A runtime's idle worker threads wait in futex, so without `on` a futex counts
 * only in the main thread.
 */
export function blockedThread(p: ProcessState, call: string, on: string | undefined, inv: Inventory): ThreadState | undefined {
  return threadsOf(p).find((t, i) => {
    if (!(t.state === 'S' || t.state === 'D') || t.running || !t.syscall || !callMatches(call, t.syscall.name)) return false;
    if (on === undefined) return i === 0 || t.syscall.name !== 'futex';
    if (t.syscall.name !== 'futex') return false;
    const o = futexObject(p, t.syscall.args[0] ?? '0x0', inv);
    return !!o && (o.path === on || o.posix === on);
  });
}
