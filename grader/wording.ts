// Sentences shown to students, in one place: the harness records facts, the grader says them.

// leftovers
import { shown } from '../harness/init/codec.js';
import { describePosix, describeSysv } from '../harness/observe/snapshot.js';
import type { Leftover } from '../harness/run/observation.js';

/** What is said about one thing left behind, and how to avoid it. */
export interface LeftoverWords {
  description: string;
  creator?: string;
  remedy: string;
}

/** Past this many, leftovers of a kind are counted, not listed. */
const MAX_LISTED = 5;

const WAIT_CHILDREN = 'wait for every child you fork (waitpid) before exiting';
const WAIT_ORPHAN = 'the parent must waitpid() for its child before it exits';

/** The words for the test's leftovers: System V objects, POSIX objects, stray processes, orphans. */
export function leftoverWords(all: Leftover[]): LeftoverWords[] {
  const sysv = all.filter((l): l is SysvLeftover => l.kind === 'sysv');
  const posix = all.filter((l): l is PosixLeftover => l.kind === 'posix');
  const stray = all.filter((l): l is ProcessLeftover => l.kind === 'process' && !l.orphaned);
  const orphans = all.filter((l): l is ProcessLeftover => l.kind === 'process' && !!l.orphaned);
  return [
    ...listed(sysv, sysvWords, (n) => ({ description: `and ${n} more System V objects`, remedy: 'remove every object you create (IPC_RMID)' })),
    ...posix.map(posixWords),
    ...listed(stray, processWords, (n) => ({ description: `and ${n} more processes`, remedy: WAIT_CHILDREN })),
    ...listed(orphans, processWords, (n) => ({ description: `and ${n} more orphans`, remedy: WAIT_ORPHAN })),
  ];
}

type SysvLeftover = Extract<Leftover, { kind: 'sysv' }>;
type PosixLeftover = Extract<Leftover, { kind: 'posix' }>;
type ProcessLeftover = Extract<Leftover, { kind: 'process' }>;

function listed<T extends Leftover>(items: T[], say: (l: T) => LeftoverWords, more: (n: number) => LeftoverWords): LeftoverWords[] {
  const out = items.slice(0, MAX_LISTED).map(say);
  if (items.length > MAX_LISTED) out.push(more(items.length - MAX_LISTED));
  return out;
}

function sysvWords(l: SysvLeftover): LeftoverWords {
  const o = l.object;
  const remedy = o.kind === 'msg' ? 'msgctl(id, IPC_RMID, NULL)' : o.kind === 'sem' ? 'semctl(id, 0, IPC_RMID)' : 'shmctl(id, IPC_RMID, NULL) after every process detached';
  return { description: `${describeSysv(o)}${l.lastWriter ? ` (last written by \`${l.lastWriter}\`)` : ''}`, creator: l.creator, remedy };
}

function posixWords(l: PosixLeftover): LeftoverWords {
  const p = l.object;
  const name = shown(p.name).replaceAll('"', '\\"');
  const remedy = p.kind === 'mq' ? `mq_unlink("${name}")` : p.kind === 'sem' ? `sem_unlink("${name}")` : `shm_unlink("${name}")`;
  return { description: describePosix(p), remedy };
}

function processWords(l: ProcessLeftover): LeftoverWords {
  if (l.orphaned) return { description: `\`${shown(l.comm)}\` (pid ${l.pid}) was orphaned: its parent exited before waiting for it`, remedy: WAIT_ORPHAN };
  return {
    description: `\`${shown(l.comm)}\` (pid ${l.pid}) was still ${l.zombie ? 'unreaped (a zombie)' : 'running'} when the test's processes had finished`,
    remedy: WAIT_CHILDREN,
  };
}
