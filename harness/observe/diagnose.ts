// Turns a deep snapshot of a stuck test into facts: what each process waits for, on which
// object, who holds its other end, and its CPU numbers. Facts only: grader/wording/hang.ts says
// them to the student.
import { type Inventory, type ProcessState } from './snapshot.js';
import { cpuKind, cpuUse, testCpuSince, type CpuKind, type CpuUse } from './cpu.js';
import { shown } from '../init/codec.js';
import { isNode, programName } from './refs.js';
import { futexObject } from './query.js';

/**
 * Who a process is: the test's name for it, or the program it runs and its parent (a process the
 * student started). Open for more (how a runtime names its program) without changing its users.
 */
export interface ProcessIdentity {
  pid: number;
  /** The test's label ("client[2]"), for one of the test's own processes. */
  label?: string;
  /** The program it runs (argv[0]'s basename; a TypeScript program's script name), raw. */
  program: string;
  /** Its parent, when the snapshot holds it: the test's label, else its program. */
  parent?: { label?: string; program: string };
}

/** One process holding the other end of the channel a process is blocked on. */
export interface EndHolder { who: ProcessIdentity; fd: number; self: boolean }

/** What a blocked process waits on, as far as the snapshot tells. */
export type BlockedOn =
  /** read/write on a descriptor the snapshot does not list. */
  | { kind: 'descriptor'; fd: number }
  /**
   * read/write on a pipe, a FIFO or another file: `holders` hold the other end (the write end
   * for a reader, the read end for a writer); `fill` a pipe's bytes waiting and capacity.
   */
  | { kind: 'channel'; fd: number; reading: boolean; channel: 'pipe' | 'fifo' | 'other'; target: string; fill?: { pending: number; capacity: number }; holders: EndHolder[] }
  | { kind: 'msg'; send: boolean; queue: { key: number; messages: number } | { id: number }; type?: number }
  | { kind: 'sem'; set?: { key: number; values: number[]; waitingForIncrease: number[] } }
  | { kind: 'posix-mq'; send: boolean; queue?: { name: string; messages?: number; maxMessages?: number } }
  /** sem_wait or a mutex: where the futex word is, when it could be found. */
  | { kind: 'futex'; object?: { kind: 'sem' | 'shm'; name: string } | { kind: 'file'; path: string } }
  | { kind: 'child' }
  /** Opening a FIFO whose other end nobody has opened, for reading or writing (absent when the flags were unreadable). */
  | { kind: 'fifo-open'; access?: 'read' | 'write' }
  /** open() not on a FIFO, or a call with nothing more to say. */
  | { kind: 'other' }
  | { kind: 'sleep' }
  | { kind: 'signal' };

export interface ProcessDiagnosis {
  pid: number;
  /** The test's label, else the program's name made safe for words (hints match it). */
  label: string;
  /** The program it runs (argv[0]'s basename; a TypeScript program's script name), which hints may name. */
  program: string;
  who: ProcessIdentity;
  /** starved: ready to run, but it waited for a CPU most of the window (see observe/cpu.ts). */
  state: 'blocked' | 'running' | 'starved' | 'stopped' | 'zombie';
  call?: string;
  wchan?: string;
  /** CPU it has used since it started, in clock ticks. */
  cpuTicks: number;
  /** For a running process: its CPU use over the window the test waited, and what that makes it. */
  cpu?: CpuUse & { kind: CpuKind };
  /** For a blocked process: what it waits on. */
  on?: BlockedOn;
  /** Facts about a Node program's wait, which grader/wording.ts words. */
  node?: NodeWait;
  /**
   * For a blocked process: its own alarm() is due in this many ms (it ends the wait: a handler, or
   * SIGALRM ends the process); or, waiting for a signal, whether it set one cannot be known.
   */
  alarm?: { inMs: number } | 'unknown';
}

/**
 * What the processes together were doing: none left; a deadlock (a cycle of processes each
 * waiting for the next through a pipe); all blocked in calls nothing of theirs can end (no sleep);
 * or otherwise.
 */
export type Standstill = 'none-left' | 'deadlock' | 'all-blocked' | 'mixed';

/**
 * A Node program blocked in a system call: in its event loop (epoll), or in a synchronous call,
 * with the signals the test sent while it sat in that same call (it is still there: its
 * handler, which only the event loop runs, never ran).
 */
export interface NodeWait {
  eventLoop: boolean;
  signalsUnhandled: string[];
}

/** The main thread's calls that are libuv's event loop waiting. */
const EVENT_LOOP_CALLS = new Set(['epoll_wait', 'epoll_pwait', 'epoll_pwait2']);
/**
 * Signals whose default action would have ended a Node program: it is alive, so it caught them.
 * Not SIGUSR1: Node itself takes it (to start its inspector), handler or not.
 */
export const ENDING_SIGNALS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGALRM']);

export interface Diagnosis {
  processes: ProcessDiagnosis[];
  standstill: Standstill;
  /** A deadlock's cycle: each process and the one it waits for. */
  cycle?: Array<{ who: ProcessIdentity; waitsFor: ProcessIdentity }>;
  /** Seconds of CPU the test's processes used over the wait (exited ones too, when known). */
  testCpuS: number;
  /**
   * A process was starved of CPU by something outside the test: none of the test's processes
   * was busy and together they used less than half the CPUs they may use. A fact about the
   * machine, not the submission.
   */
  machineStarved?: true;
}

export interface DiagnoseOptions {
  /** An earlier snapshot (the wait's start): CPU use is measured from it, else since each process started. */
  since?: Inventory;
  /** CPUs the test's processes may use (default 1). */
  cpus?: number;
  /** How busy those CPUs were over the wait, by anything (/proc/stat): what the test did not use, others did. */
  machine?: { busyS: number; cpus: number; windowS: number };
  /** The signals the test sent, with the call each process was blocked in then (Observation.signalsSent). */
  signals?: ReadonlyArray<{ signal: string; pid: number; blockedIn?: string }>;
}

const O_ACCMODE = 3;

/** labels: pid → the test's name for it ("client[2]"). Others are named by command and parent. */
export function diagnose(inv: Inventory, labels: Map<number, string>, o: DiagnoseOptions = {}): Diagnosis {
  const byPid = new Map(inv.processes.map((p) => [p.pid, p]));
  const who = (p: ProcessState): ProcessIdentity => {
    const label = labels.get(p.pid);
    if (label) return { pid: p.pid, label, program: programName(p) };
    const parent = byPid.get(p.ppid);
    return { pid: p.pid, program: programName(p), ...(parent ? { parent: { label: labels.get(parent.pid), program: programName(parent) } } : {}) };
  };
  const out: ProcessDiagnosis[] = [];
  const load = testLoad(inv, o);
  for (const p of inv.processes) {
    const base = { pid: p.pid, label: labels.get(p.pid) ?? shown(programName(p)), program: programName(p), who: who(p), cpuTicks: p.cpuTicks, wchan: p.wchan || undefined };
    if (p.state === 'Z') out.push({ ...base, state: 'zombie' });
    else if (p.state === 'T' || p.state === 't') out.push({ ...base, state: 'stopped' });
    else if (p.state === 'R' || p.running || !p.syscall) {
      const cpu = load.uses.get(p.pid);
      out.push({ ...base, state: cpu?.kind === 'starved' ? 'starved' : 'running', ...(cpu ? { cpu } : {}) });
    } else {
      const call = p.syscall.name;
      const node = isNode(p) ? nodeWait(p.pid, call, o) : undefined;
      const on = objectBehind(p, inv, who);
      const alarm = typeof p.alarm === 'object' ? p.alarm : on.kind === 'signal' && p.alarm !== 'none' ? 'unknown' as const : undefined;
      out.push({ ...base, state: 'blocked', call, on, ...(node ? { node } : {}), ...(alarm ? { alarm } : {}) });
    }
  }
  const blocked = out.filter((d) => d.state === 'blocked');
  const cycle = findCycle(inv, byPid);
  // a sleeping process, or one whose alarm is due, wakes by itself: waiting, but not stuck
  const standstill: Standstill = !out.length ? 'none-left' : cycle ? 'deadlock'
    : blocked.length === out.length && !blocked.some((d) => /^(clock_)?nanosleep$/.test(d.call ?? '') || typeof d.alarm === 'object') ? 'all-blocked' : 'mixed';
  const starved = out.some((d) => d.state === 'starved');
  return {
    processes: out,
    standstill,
    ...(cycle ? { cycle: cycle.map((p) => ({ who: who(p), waitsFor: who(waitsFor(p, inv)[0]) })) } : {}),
    testCpuS: load.cpuS,
    ...(starved && load.byMachine ? { machineStarved: true as const } : {}),
  };
}

/** A Node program's wait: its event loop, or a synchronous call that signals sent during it did not get out of. */
function nodeWait(pid: number, call: string, o: DiagnoseOptions): NodeWait {
  const eventLoop = EVENT_LOOP_CALLS.has(call);
  const unhandled = eventLoop ? [] : (o.signals ?? []).filter((s) => s.pid === pid && s.blockedIn === call && ENDING_SIGNALS.has(s.signal)).map((s) => s.signal);
  return { eventLoop, signalsUnhandled: [...new Set(unhandled)] };
}

interface TestLoad {
  uses: Map<number, CpuUse & { kind: CpuKind }>;
  /** Seconds of CPU the test used over the wait (with its exited processes, when known), and the longest starved window. */
  cpuS: number;
  windowS: number;
  /** Starved by others: no process of the test was busy, and others had half the CPUs and twice the test's CPU. */
  byMachine: boolean;
}

/** How much more CPU than the test others must have had for a starved test to be the machine's fault. */
const OTHERS_OVER_TEST = 2;

/** The CPU use of each running process, and whether the test's own processes kept the CPUs busy. */
function testLoad(inv: Inventory, o: DiagnoseOptions): TestLoad {
  const uses = new Map<number, CpuUse & { kind: CpuKind }>();
  for (const p of inv.processes) {
    const u = p.state === 'Z' ? undefined : cpuUse(p, inv, o.since);
    if (u) uses.set(p.pid, { ...u, kind: p.state === 'R' || p.running || !p.syscall ? cpuKind(u) : 'unclear' });
  }
  const all = [...uses.values()];
  const windowS = Math.max(0, ...all.filter((u) => u.kind === 'starved').map((u) => u.windowS));
  const cpuS = all.reduce((a, u) => a + Math.min(u.cpuS, u.windowS * (o.cpus ?? 1)), 0);
  // all the test used over the wait, exited processes too
  const testS = o.since && o.since.t < inv.t ? testCpuSince(inv, o.since) : undefined;
  const byMachine = !all.some((u) => u.kind === 'busy') && !oversubscribed(inv, o.cpus ?? 1) && othersHadCpus(o, testS, inv, cpuS, windowS);
  return { uses, cpuS: testS ?? cpuS, windowS, byMachine };
}

/** More of the test's processes ready to run than it has CPUs: they starve one another (a fork bomb). */
function oversubscribed(inv: Inventory, cpus: number): boolean {
  return inv.processes.filter((p) => p.state === 'R').length > cpus;
}

/**
 * Others than the test had at least half its CPUs, and twice the CPU the whole test had (in
 * CPUs' worth: the machine's and the test's windows are measured apart), so that a test that
 * starves itself on a loaded machine is still its own doing. Without /proc/stat: the test's
 * live processes together left the CPUs half idle.
 */
function othersHadCpus(o: DiagnoseOptions, testS: number | undefined, inv: Inventory, cpuS: number, windowS: number): boolean {
  if (!o.machine || testS === undefined || !o.since || o.machine.windowS <= 0) return cpuS < 0.5 * windowS * (o.cpus ?? 1);
  const test = testS / (Number(inv.t - o.since.t) / 1e9);
  const others = o.machine.busyS / o.machine.windowS - test;
  return others >= 0.5 * o.machine.cpus && others >= OTHERS_OVER_TEST * test;
}

/** The processes that could wake p: the other holders of the far end of the pipe it waits on. */
function waitsFor(p: ProcessState, inv: Inventory): ProcessState[] {
  const call = p.syscall?.name;
  if (!call || !['read', 'readv', 'write', 'writev'].includes(call)) return [];
  const entry = p.fds.find((f) => f.fd === arg(p, 0));
  if (!entry) return [];
  const reading = call.startsWith('read');
  return inv.processes.filter((q) => q.pid !== p.pid && q.fds.some((f) => f.target === entry.target && (reading ? (f.flags & O_ACCMODE) !== 0 : (f.flags & O_ACCMODE) !== 1)));
}

/** A cycle of blocked processes, each waiting for the next through a pipe. */
function findCycle(inv: Inventory, byPid: Map<number, ProcessState>): ProcessState[] | undefined {
  const blocked = (p: ProcessState) => p.state === 'S' && !!p.syscall && !p.running;
  for (const start of inv.processes.filter(blocked)) {
    const path: ProcessState[] = [start];
    let cur = start;
    for (let hops = 0; hops < inv.processes.length; hops++) {
      const next = waitsFor(cur, inv).find(blocked);
      if (!next) break;
      if (next.pid === start.pid) return path;
      if (path.some((x) => x.pid === next.pid)) break;
      path.push(next);
      cur = byPid.get(next.pid) ?? next;
    }
  }
  return undefined;
}

/** An open's access mode from its flags (O_RDWR never waits for a partner, so it is neither). */
function openAccess(p: ProcessState, call: string): { access?: 'read' | 'write' } {
  const mode = arg(p, call === 'open' ? 1 : 2) & O_ACCMODE;
  return Number.isNaN(arg(p, call === 'open' ? 1 : 2)) ? {} : mode === 1 ? { access: 'write' } : mode === 0 ? { access: 'read' } : {};
}

function arg(p: ProcessState, i: number): number {
  const a = p.syscall?.args[i];
  return a ? Number.parseInt(a, 16) : NaN;
}

/** What a blocked process waits on: the object behind its call's first argument, and who holds the other end. */
function objectBehind(p: ProcessState, inv: Inventory, who: (p: ProcessState) => ProcessIdentity): BlockedOn {
  const call = p.syscall!.name;
  if (['read', 'readv', 'write', 'writev', 'pread64', 'pwrite64'].includes(call)) {
    const fd = arg(p, 0);
    const entry = p.fds.find((f) => f.fd === fd);
    if (!entry) return { kind: 'descriptor', fd };
    const reading = call.startsWith('read') || call === 'pread64';
    const pipe = /^pipe:\[(\d+)\]$/.test(entry.target);
    const holders = inv.processes.flatMap((q) =>
      q.fds.filter((f) => f.target === entry.target && (reading ? (f.flags & O_ACCMODE) !== 0 : (f.flags & O_ACCMODE) !== 1)).map((f) => ({ who: who(q), fd: f.fd, self: q.pid === p.pid })),
    );
    // a path is a FIFO when stat said so (or could not say): a regular file is not one
    const channel = pipe ? 'pipe' : (entry.type ? entry.type === 'fifo' : entry.target.startsWith('/')) ? 'fifo' : 'other';
    const fill = pipe && entry.pending >= 0 ? { fill: { pending: entry.pending, capacity: entry.capacity } } : {};
    return { kind: 'channel', fd, reading, channel, target: entry.target, ...fill, holders };
  }
  if (call === 'msgrcv' || call === 'msgsnd') {
    const q = inv.sysv.find((o) => o.kind === 'msg' && o.id === arg(p, 0));
    const queue = q && q.kind === 'msg' ? { key: q.key, messages: q.messages } : { id: arg(p, 0) };
    return call === 'msgrcv' ? { kind: 'msg', send: false, queue, type: arg(p, 3) | 0 } : { kind: 'msg', send: true, queue };
  }
  if (call === 'semtimedop' || call === 'semop') {
    const s = inv.sysv.find((o) => o.kind === 'sem' && o.id === arg(p, 0));
    return s && s.kind === 'sem' ? { kind: 'sem', set: { key: s.key, values: s.values, waitingForIncrease: s.waitingForIncrease } } : { kind: 'sem' };
  }
  if (call === 'mq_timedsend' || call === 'mq_timedreceive') {
    const target = p.fds.find((f) => f.fd === arg(p, 0))?.target ?? '';
    const q = inv.posix.find((o) => o.kind === 'mq' && (target === o.name || target.endsWith(o.name)));
    const queue = q ? { queue: { name: q.name, ...(q.messages !== undefined ? { messages: q.messages, maxMessages: q.maxMessages } : {}) } } : {};
    return { kind: 'posix-mq', send: call === 'mq_timedsend', ...queue };
  }
  if (call === 'futex') {
    const o = futexObject(p, p.syscall?.args[0] ?? '0x0', inv);
    if (!o) return { kind: 'futex' };
    return { kind: 'futex', object: o.kind === 'sem' || o.kind === 'shm' ? { kind: o.kind, name: o.posix! } : { kind: 'file', path: o.path } };
  }
  if (call === 'wait4' || call === 'waitid') return { kind: 'child' };
  if (call === 'open' || call === 'openat') return p.wchan.includes('fifo') || p.wchan.includes('partner') ? { kind: 'fifo-open', ...openAccess(p, call) } : { kind: 'other' };
  if (call === 'nanosleep' || call === 'clock_nanosleep') return { kind: 'sleep' };
  if (call === 'pause' || call === 'rt_sigsuspend') return { kind: 'signal' };
  return { kind: 'other' };
}
