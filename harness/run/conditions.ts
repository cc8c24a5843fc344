// Every wait condition, one table entry each: when it holds, and whether it needs a kernel
// snapshot. A new condition is one entry here, its words in grader/wording/conditions.ts (and its
// shape in harness/spec/types.ts and exercises/schema.json); both tables' types reject a declared
// condition that has no entry.
import { lstatSync } from 'node:fs';
import type { Inventory, ProcessState } from '../observe/snapshot.js';
import { blockedThread, parseKeyText } from '../observe/query.js';
import { refOf, resolveRef, type TestProcess } from '../observe/refs.js';
import { compile } from '../spec/regex.js';
import type { End } from '../observe/ends.js';
import type { Condition, OutputCondition } from '../spec/types.js';

/** What a condition may look at, besides a snapshot. */
export interface ConditionContext {
  /** What the stream has printed so far (latin1), or undefined when the test has no such stream. */
  text(stream: string): string | undefined;
  /** Per stream, where the last output wait that came true ended: the next one looks after it. */
  cursors: Map<string, number>;
  /** The instances of a process of the test (none for an unknown name). */
  instances(process: string): ReadonlyArray<{ exited: boolean; pid?: number }>;
  /** The test's own processes (name, label, pid), for process references. */
  tests(): TestProcess[];
  /** The processes a reference names that the test did not start (the student's forks), with what is known of their ends, `inv` being now. */
  ends(ref: string, inv: Inventory): End[];
  /** What is at a path the test's processes see: 'fifo', 'other', or undefined when nothing is. */
  pathType(path: string): 'fifo' | 'other' | undefined;
  /**
   * A traced run's memory of tracees seen in a tracing stop (state `t`) during this wait. A
   * tracee is `t` at every system call stop too; only one that stayed `t` without running is stopped.
   */
  traceStops?: Map<number, TraceStop>;
}

/** A tracee first seen in state `t` at `sinceMs`, with its run counters then. */
export interface TraceStop { sinceMs: number; runNs: number; slices: number }

/**
 * How long a tracee must stay `t` without running to count as stopped. Measured (strace -f on a
 * write loop, 50 ms polls): at syscall stops State, wchan (ptrace_stop), /proc/PID/syscall and
 * SigPnd/ShdPnd read the same as in a SIGSTOP group stop, but schedstat's run time and
 * timeslices (and voluntary_ctxt_switches) change from poll to poll; in a group stop they do not.
 */
export const TRACE_STOP_STABLE_MS = 40;

/** A tracee's `t` is a stop (not a system call stop): `t` since TRACE_STOP_STABLE_MS ago, not run since. */
export function stableTraceStop(p: ProcessState, stops: Map<number, TraceStop>, nowMs: number): boolean {
  const runNs = p.sched?.runNs ?? -1;
  const slices = p.sched?.slices ?? -1;
  const seen = stops.get(p.pid);
  if (p.state !== 't') {
    stops.delete(p.pid);
    return false;
  }
  if (!seen || seen.runNs !== runNs || seen.slices !== slices) {
    stops.set(p.pid, { sinceMs: nowMs, runNs, slices });
    return false;
  }
  return nowMs - seen.sinceMs >= TRACE_STOP_STABLE_MS;
}

interface ConditionKind<T> {
  /** True when evaluating needs a snapshot of the kernel's objects and processes (`tests`: the names and labels of the test's processes). */
  kernel(c: T, tests: ReadonlySet<string>): boolean;
  /** `inv` is undefined when kernel() said no snapshot is needed. */
  holds(c: T, ctx: ConditionContext, inv: Inventory | undefined): boolean;
}

type Table = { [K in keyof Condition]-?: ConditionKind<NonNullable<Condition[K]>> };

const never = () => false;
const always = () => true;

const CONDITIONS: Table = {
  all: {
    kernel: (c, tests) => c.some((x) => needsKernel(x, tests)),
    holds: (c, ctx, inv) => c.every((x) => holds(x, ctx, inv)),
  },
  any: {
    kernel: (c, tests) => c.some((x) => needsKernel(x, tests)),
    holds: (c, ctx, inv) => c.some((x) => holds(x, ctx, inv)),
  },
  output: { kernel: never, holds: outputHolds },
  exited: {
    // a test's own process's exit is reported by the init; a process the student forked is
    // named by snapshots: it has exited once every one the reference names is gone or a zombie
    kernel: (ref, tests) => !tests.has(ref),
    holds: (ref, ctx, inv) => {
      if (ctx.instances(ref).length) return ctx.instances(ref).every((i) => i.exited);
      const ends = inv ? ctx.ends(ref, inv) : [];
      return ends.length > 0 && ends.every((e) => !e.alive);
    },
  },
  path: { kernel: never, holds: (p, ctx) => ctx.pathType(p) !== undefined },
  fifo: { kernel: never, holds: (p, ctx) => ctx.pathType(p) === 'fifo' },
  sysv: {
    kernel: always,
    holds: (c, _ctx, inv) => {
      if (!inv) return false;
      const key = parseKeyText(c.key);
      const o = inv.sysv.find((x) => x.kind === c.type && x.key === key);
      if (c.absent) return !o;
      if (!o) return false;
      if (c.messages !== undefined && (o.kind !== 'msg' || o.messages !== c.messages)) return false;
      if (c.attached !== undefined && (o.kind !== 'shm' || o.attached !== c.attached)) return false;
      return true;
    },
  },
  posix: {
    kernel: always,
    holds: (c, _ctx, inv) => {
      if (!inv) return false;
      const o = inv.posix.find((x) => x.kind === c.type && x.name === c.name);
      return c.absent ? !o : !!o;
    },
  },
  stopped: {
    kernel: always,
    holds: (name, ctx, inv) => {
      if (!inv) return false;
      const nowMs = inv.t ? Number(inv.t / 1_000_000n) : Date.now();
      const traced = (p: ProcessState) => (ctx.traceStops ? stableTraceStop(p, ctx.traceStops, nowMs) : true);
      const stopped = (p: ProcessState | undefined) => !p || p.state === 'T' || p.state === 'Z' || (p.state === 't' && traced(p));
      // an instance that exited, or is gone from the snapshot, stops nothing any more
      // each judged (no short cut): every tracee's stop is timed from this poll on
      const all = (ps: Array<ProcessState | undefined>) => ps.map(stopped).every(Boolean);
      if (ctx.instances(name).length) return all(ctx.instances(name).filter((i) => !i.exited).map((i) => inv.processes.find((q) => q.pid === i.pid)));
      const found = resolveRef(refOf(name), ctx.tests(), inv);
      return found.length > 0 && all(found);
    },
  },
  blocked: {
    kernel: always,
    // every process the reference names, in any thread (a TypeScript program may block in a worker)
    holds: (c, ctx, inv) => {
      if (!inv) return false;
      const list = resolveRef(refOf(c.process), ctx.tests(), inv).filter((p) => p.state !== 'Z');
      return list.length > 0 && list.every((p) => !!blockedThread(p, c.call, c.on, inv));
    },
  },
};

/** The kind a condition is (the schema allows exactly one key). */
function kindOf(c: Condition): keyof Condition | undefined {
  return (Object.keys(CONDITIONS) as Array<keyof Condition>).find((k) => c[k]);
}

function entry(c: Condition): [ConditionKind<unknown>, unknown] | undefined {
  const k = kindOf(c);
  return k ? [CONDITIONS[k] as ConditionKind<unknown>, c[k]] : undefined;
}

export function needsKernel(c: Condition, tests: ReadonlySet<string>): boolean {
  const e = entry(c);
  return !!e && e[0].kernel(e[1], tests);
}

/** True when some condition inside it (through `all` and `any`) is one for which `leaf` says so. */
function someLeaf(c: Condition, leaf: (c: Condition) => boolean): boolean {
  const parts = c.all ?? c.any;
  return parts ? parts.some((x) => someLeaf(x, leaf)) : leaf(c);
}

/** True when a blocked condition is in it: its snapshots list every thread (a TypeScript program may block in a worker). */
export const needsThreads = (c: Condition): boolean => someLeaf(c, (x) => x.blocked !== undefined);

/** True when a blocked condition names the object (`on`): resolving a futex's address needs the mappings of a deep snapshot. */
export const needsMappings = (c: Condition): boolean => someLeaf(c, (x) => x.blocked?.on !== undefined);

/** Whether the condition holds now; an output condition that holds moves its stream's cursor. */
export function holds(c: Condition, ctx: ConditionContext, inv: Inventory | undefined): boolean {
  const e = entry(c);
  return !!e && e[0].holds(e[1], ctx, inv);
}

/** True when the condition looks at paths (`path`, `fifo`), which isolated runs see only from inside. */
export function needsPaths(c: Condition): boolean {
  return someLeaf(c, (x) => x.path !== undefined || x.fifo !== undefined);
}

/** A path on the host, as fallback mode's processes see it. */
export function hostPathType(path: string): 'fifo' | 'other' | undefined {
  const st = lstatSync(path, { throwIfNoEntry: false });
  return st ? (st.isFIFO() ? 'fifo' : 'other') : undefined;
}

function outputHolds(c: OutputCondition, ctx: ConditionContext): boolean {
  const text = ctx.text(c.stream);
  if (text === undefined) return false;
  const end = findOutput(text, ctx.cursors.get(c.stream) ?? 0, c);
  if (end < 0) return false;
  ctx.cursors.set(c.stream, end);
  return true;
}

/** Where the first match at or after `from` ends, or -1. */
export function findOutput(text: string, from: number, c: Omit<OutputCondition, 'stream'>): number {
  if (c.text_matches !== undefined) return compile(c.text_matches).find(text, from)?.end ?? -1;
  if (c.contains !== undefined) {
    const at = text.indexOf(c.contains, from);
    return at < 0 ? -1 : at + c.contains.length;
  }
  // whole lines only
  let pos = from;
  const re = c.matches !== undefined ? compile(c.matches) : undefined;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return -1;
    const line = text.slice(pos, nl);
    if (re ? re.test(line) : line === c.line) return nl + 1;
    pos = nl + 1;
  }
}
