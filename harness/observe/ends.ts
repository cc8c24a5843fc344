// How the processes a reference names ended, from what the run saw: the exits of the test's own
// processes, the init's reaping of orphans, a traced run's exit events, and which processes a
// snapshot saw that are gone since. `exited:` waits, `exit` and `exit_order` checks and the hints'
// `exit` and `signal` facts all ask here, so they cannot disagree about who is meant or how it ended.
import type { ExitInfo, ProcessObservation } from '../run/observation.js';
import type { ProcessState, SeenProcess } from './snapshot.js';
import { isTestName, refOf, resolveRef } from './refs.js';

export type { SeenProcess } from './snapshot.js';

type TestEnd = Pick<ProcessObservation, 'name' | 'label' | 'pid' | 'exit' | 'endMs' | 'killedBy'>;

export interface EndFacts {
  tests: readonly TestEnd[];
  /** Every process a snapshot (or the trace) saw, by pid. */
  seen: ReadonlyMap<number, SeenProcess>;
  /** The processes running now (zombies excluded): whatever else was seen has exited. */
  live: ReadonlySet<number>;
  orphans: ReadonlyArray<{ pid: number; comm: string; ms: number; exit: ExitInfo }>;
  /** A traced run's exits, by pid. */
  traceExits?: ReadonlyMap<number, { ms: number; exit: ExitInfo }>;
}

/** One process a reference names, and what is known of its end. */
export interface End {
  pid: number;
  /** What a snapshot showed of it (not one of the test's own): the grader names it from this. */
  process?: SeenProcess;
  /** One of the test's own processes. */
  test?: TestEnd;
  /** How it ended, when that is known. */
  exit?: ExitInfo;
  /** When it ended (ms since the run started), when that is known. */
  ms?: number;
  /** Still running. */
  alive?: true;
  /** Gone, reaped by its parent (this pid): it ended before that parent, with a status only its parent saw. */
  reapedBy?: number;
}

/** True when the reference names only processes of the test (their ends are the test's own). */
export function namesTestOnly(ref: string, tests: ReadonlyArray<Pick<TestEnd, 'name' | 'label'>>): boolean {
  return isTestName(refOf(ref), tests);
}

/** Every process the reference names over the whole run, in pid order (a test's own, in its order). */
export function endsOf(ref: string, f: EndFacts): End[] {
  const r = refOf(ref);
  if (isTestName(r, f.tests)) {
    return f.tests.filter((p) => (p.name === r.name || p.label === r.name) && p.pid !== undefined).map((p) => testEnd(p));
  }
  const table = new Map<number, SeenProcess>(f.seen);
  // the test's processes and the orphans the init reaped are known even where no snapshot saw them
  for (const t of f.tests) if (t.pid !== undefined && !table.has(t.pid)) table.set(t.pid, { pid: t.pid, ppid: 0, comm: t.name, argv: [] });
  for (const o of f.orphans) if (!table.has(o.pid)) table.set(o.pid, { pid: o.pid, ppid: 0, comm: o.comm, argv: [] });
  const processes = [...table.values()].sort((a, b) => a.pid - b.pid);
  return resolveRef(r, f.tests, { processes }).map((p) => endOf(p, f));
}

function testEnd(p: TestEnd): End {
  return { pid: p.pid!, test: p, ...(p.exit ? { exit: p.exit, ms: p.endMs } : { alive: true as const }) };
}

function endOf(p: SeenProcess, f: EndFacts): End {
  const test = f.tests.find((t) => t.pid === p.pid);
  if (test) return testEnd(test);
  const orphan = f.orphans.find((o) => o.pid === p.pid);
  if (orphan) return { pid: p.pid, process: p, exit: orphan.exit, ms: orphan.ms };
  // running at the end: a traced exit after that is ipclab's teardown, not the student's
  if (f.live.has(p.pid)) return { pid: p.pid, process: p, alive: true };
  const traced = f.traceExits?.get(p.pid);
  if (traced) return { pid: p.pid, process: p, exit: traced.exit, ms: traced.ms };
  return { pid: p.pid, process: p, reapedBy: p.ppid };
}

/**
 * Notes a snapshot's processes: a new one as it is, a known one's program as it is now (a forked
 * child shows its parent's until it execs) but its first parent (an orphan is moved to the init).
 * Returns the ones not seen before.
 */
export function noteSeen(seen: Map<number, SeenProcess>, processes: readonly ProcessState[]): SeenProcess[] {
  const added: SeenProcess[] = [];
  for (const p of processes) {
    const known = seen.get(p.pid);
    if (known) {
      // a zombie's command line is gone: its program stays the one it ran
      if (p.argv.length) Object.assign(known, { comm: p.comm, argv: p.argv });
      continue;
    }
    const s = { pid: p.pid, ppid: p.ppid, comm: p.comm, argv: p.argv };
    seen.set(p.pid, s);
    added.push(s);
  }
  return added;
}

/** The pids of a snapshot's processes that are running (a zombie has ended). */
export function livePids(processes: readonly Pick<ProcessState, 'pid' | 'state'>[]): Set<number> {
  return new Set(processes.filter((p) => p.state !== 'Z').map((p) => p.pid));
}
