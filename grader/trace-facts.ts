// What a traced run's checks and its sequence diagram share: the process tree the trace shows
// (clone/fork events give parentage, threads fold into their process), a process table to resolve
// references over that tree, the pipes of the test's streams, and the FIFOs the test used.
import { basename, isAbsolute, join } from 'node:path';
import type { Inventory, ProcessState, StreamPipe } from '../harness/observe/snapshot.js';
import type { TraceCall, TraceEvent } from '../harness/observe/trace.js';
import type { Observation } from '../harness/run/observation.js';
import { programName } from '../harness/observe/refs.js';

export interface TraceTree {
  /** Each process the trace saw start (not a thread): its parent. */
  parent: Map<number, number>;
  /** Each thread id: its process (a process maps to itself). */
  processOf: Map<number, number>;
  /** The program each process last exec'd (its path's basename). */
  program: Map<number, string>;
  /** When each process first appears in the trace (its clone's return, or its first event). */
  firstMs: Map<number, number>;
}

const CLONES = new Set(['clone', 'clone3', 'fork', 'vfork']);

export function traceTree(events: readonly TraceEvent[]): TraceTree {
  const tree: TraceTree = { parent: new Map(), processOf: new Map(), program: new Map(), firstMs: new Map() };
  const proc = (tid: number) => tree.processOf.get(tid) ?? tid;
  for (const e of events) {
    if (!tree.processOf.has(e.pid)) tree.processOf.set(e.pid, e.pid);
    const owner = proc(e.pid);
    if (!tree.firstMs.has(owner)) tree.firstMs.set(owner, e.tMs);
    if (e.kind !== 'call') continue;
    if (CLONES.has(e.call) && e.retValue !== undefined && e.retValue > 0) {
      const child = e.retValue;
      if (e.args.some((a) => a.includes('CLONE_THREAD'))) tree.processOf.set(child, owner);
      else {
        tree.processOf.set(child, child);
        tree.parent.set(child, owner);
        tree.firstMs.set(child, e.endMs ?? e.tMs);
      }
    } else if (e.call.startsWith('execve') && e.retValue === 0 && e.path) tree.program.set(owner, basename(e.path));
  }
  return tree;
}

/** Every traced process's own pid for an event's thread id. */
export const ownerOf = (tree: TraceTree, tid: number): number => tree.processOf.get(tid) ?? tid;

/**
 * A process table to resolve references over: every process any snapshot saw (the latest record
 * wins), the test's own processes, and every process the trace saw, with the trace's parent
 * (the real forker, not the reaper an orphan is moved to).
 */
export function traceInventory(obs: Observation, tree: TraceTree): Inventory {
  const byPid = new Map<number, ProcessState>();
  const snaps = [...Object.values(obs.samples), ...(obs.final ? [obs.final] : [])];
  for (const inv of snaps) for (const p of inv.processes) byPid.set(p.pid, { ...p, state: 'S' });
  const blank = (pid: number, ppid: number, prog: string): ProcessState => ({
    pid, ppid, comm: prog, state: 'S', cpuTicks: 0, startTicks: 0, running: false, wchan: '', cmdline: prog, argv: [prog], fds: [], maps: [], threads: [],
  });
  for (const p of obs.processes) if (p.pid !== undefined && !byPid.has(p.pid)) byPid.set(p.pid, blank(p.pid, 0, basename(p.argv[0] ?? p.name)));
  for (const [pid, ppid] of tree.parent) {
    const known = byPid.get(pid);
    if (known) known.ppid = ppid;
    // a child that has not exec'd runs its parent's program
    else {
      const parent = byPid.get(ppid);
      byPid.set(pid, blank(pid, ppid, tree.program.get(pid) ?? (parent ? programName(parent) : '?')));
    }
  }
  return { t: 0n, sysv: [], posix: [], processes: [...byPid.values()].sort((a, b) => a.pid - b.pid), malformed: 0 };
}

/** The init's pipes of the test's streams, from the first deep snapshot that lists them. */
export function streamPipes(obs: Observation): StreamPipe[] {
  for (const inv of [...Object.values(obs.samples), ...(obs.final ? [obs.final] : [])]) if (inv.streams?.length) return inv.streams;
  return [];
}

/** FIFOs the test's processes made (mknod with S_IFIFO) or left in the work folder, as absolute paths. */
export function fifoPaths(obs: Observation): string[] {
  const dir = obs.vars.dir;
  const out = new Set<string>();
  for (const e of obs.trace ?? []) {
    if (e.kind !== 'call' || !e.call.startsWith('mknod') || !e.path || !e.args.some((a) => a.includes('S_IFIFO'))) continue;
    const cwdDir = e.call === 'mknodat' ? /<([^>]*)>/.exec(e.args[0] ?? '')?.[1] : undefined;
    out.add(isAbsolute(e.path) ? e.path : join(cwdDir ?? dir ?? '/', e.path));
  }
  if (dir) for (const f of obs.workFiles) if (f.type === 'fifo') out.add(join(dir, f.name));
  return [...out];
}

/** Calls that move bytes the trace cannot follow (they bypass read/write): their names, once each. */
export function untraceableCalls(events: readonly TraceEvent[]): string[] {
  const found = new Set<string>();
  for (const e of events) if (e.kind === 'call' && (e.call.startsWith('io_uring') || e.call === 'process_vm_writev' || e.call === 'vmsplice')) found.add(e.call);
  return [...found];
}

export const isCall = (e: TraceEvent): e is TraceCall => e.kind === 'call';
