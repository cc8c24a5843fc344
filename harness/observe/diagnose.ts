// Turns a deep snapshot of a stuck test into what each process waits for, and who could
// wake it, in words a student understands.
import { hexKey, type Inventory, type ProcessState } from './snapshot.js';
import { CLOCK_TICKS, cpuKind, cpuUse, seconds, testCpuSince, type CpuKind, type CpuUse } from './cpu.js';
import { shown } from '../init/codec.js';
import { isNode, programName } from './refs.js';
import { futexObject } from './query.js';

export interface ProcessDiagnosis {
  pid: number;
  label: string;
  /** The program it runs (argv[0]'s basename; a TypeScript program's script name), which hints may name. */
  program: string;
  /** starved: ready to run, but it waited for a CPU most of the window (see observe/cpu.ts). */
  state: 'blocked' | 'running' | 'starved' | 'stopped' | 'zombie';
  call?: string;
  wchan?: string;
  cpuTicks: number;
  /** For a running process: its CPU use over the window the test waited, and what that makes it. */
  cpu?: CpuUse & { kind: CpuKind };
  explanation: string;
  /** Facts about a Node program's wait, which grader/wording.ts words (nodeWaits). */
  node?: NodeWait;
}

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
/** Signals whose default action would have ended the process: it is alive, so it caught them. */
const ENDING_SIGNALS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM']);

export interface Diagnosis {
  processes: ProcessDiagnosis[];
  summary: string;
  /**
   * Set when a process was starved of CPU by something outside the test: none of the test's
   * processes was busy and together they used less than half the CPUs they may use. The
   * explanations of the starved processes: a fact about the machine, not the submission.
   */
  machineStarved?: string;
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
  const nameOf = (p: ProcessState): string => {
    const label = labels.get(p.pid);
    if (label) return `\`${label}\` (pid ${p.pid})`;
    const parent = byPid.get(p.ppid);
    const parentName = parent ? labels.get(parent.pid) ?? shown(programName(parent)) : undefined;
    return `\`${shown(programName(p))}\` (pid ${p.pid}${parentName ? `, a child of ${parentName}` : ''})`;
  };
  const out: ProcessDiagnosis[] = [];
  const load = testLoad(inv, o);
  for (const p of inv.processes) {
    const base = { pid: p.pid, label: labels.get(p.pid) ?? shown(programName(p)), program: programName(p), cpuTicks: p.cpuTicks, wchan: p.wchan || undefined };
    if (p.state === 'Z') {
      out.push({ ...base, state: 'zombie', explanation: `${nameOf(p)} has exited but its parent has not waited for it (a zombie)` });
      continue;
    }
    if (p.state === 'T' || p.state === 't') {
      out.push({ ...base, state: 'stopped', explanation: `${nameOf(p)} is stopped` });
      continue;
    }
    if (p.state === 'R' || p.running || !p.syscall) {
      const cpu = load.uses.get(p.pid);
      out.push({ ...base, state: cpu?.kind === 'starved' ? 'starved' : 'running', cpu, explanation: running(nameOf(p), p, cpu, load) });
      continue;
    }
    const call = p.syscall.name;
    const node = isNode(p) ? nodeWait(p.pid, call, o) : undefined;
    out.push({ ...base, state: 'blocked', call, explanation: `${nameOf(p)} is blocked in ${call}()${objectBehind(p, inv, nameOf)}`, ...(node ? { node } : {}) });
  }
  const blocked = out.filter((d) => d.state === 'blocked');
  let summary: string;
  const cycle = findCycle(inv, byPid);
  if (!out.length) summary = 'no process of the test was left';
  else if (cycle) summary = `deadlock: ${cycle.map((p) => `${nameOf(p)} waits for ${nameOf(waitsFor(p, inv)[0])}`).join('; ')}. ${out.map((d) => d.explanation).join('; ')}`;
  // a sleeping process wakes by itself: waiting, but not stuck
  else if (blocked.length === out.length && !blocked.some((d) => /^(clock_)?nanosleep$/.test(d.call ?? ''))) summary = `every process is waiting and none can go on: ${out.map((d) => d.explanation).join('; ')}`;
  else summary = out.map((d) => d.explanation).join('; ');
  const starved = out.filter((d) => d.state === 'starved');
  return { processes: out, summary, ...(starved.length && load.byMachine ? { machineStarved: starved.map((d) => d.explanation).join('; ') } : {}) };
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

/** A process that is not in a system call: busy, starved or neither, with the numbers. */
function running(name: string, p: ProcessState, cpu: (CpuUse & { kind: CpuKind }) | undefined, load: TestLoad): string {
  if (!cpu) {
    const used = p.cpuTicks / CLOCK_TICKS;
    return `${name} is running, not waiting for anything${used >= 0.05 ? ` (it has used ${seconds(used)} of CPU)` : ''}`;
  }
  const spent = `${seconds(cpu.cpuS)} of CPU in ${seconds(cpu.windowS)}`;
  if (cpu.kind === 'busy') return `${name} is running, not waiting for anything (it used ${spent}): a busy loop?`;
  if (cpu.kind === 'unclear') return `${name} is running, not waiting for anything (it used ${spent})`;
  const waited = `it waited ${seconds(cpu.delayS!)} of ${seconds(cpu.windowS)} for one, and ran ${seconds(cpu.cpuS)}`;
  return load.byMachine
    ? `${name} was ready to run but the machine was too busy to give it a CPU (${waited})`
    : `${name} was ready to run but waited for a CPU (${waited}); the test's own processes used ${seconds(load.cpuS)} of CPU in that time`;
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

function arg(p: ProcessState, i: number): number {
  const a = p.syscall?.args[i];
  return a ? Number.parseInt(a, 16) : NaN;
}

function objectBehind(p: ProcessState, inv: Inventory, nameOf: (p: ProcessState) => string): string {
  const call = p.syscall!.name;
  if (['read', 'readv', 'write', 'writev', 'pread64', 'pwrite64'].includes(call)) {
    const fd = arg(p, 0);
    const entry = p.fds.find((f) => f.fd === fd);
    if (!entry) return ` on descriptor ${fd}`;
    const reading = call.startsWith('read') || call === 'pread64';
    const pipe = /^pipe:\[(\d+)\]$/.exec(entry.target);
    const holders = inv.processes.flatMap((q) =>
      q.fds.filter((f) => f.target === entry.target && (reading ? (f.flags & O_ACCMODE) !== 0 : (f.flags & O_ACCMODE) !== 1)).map((f) => ({ q, f })),
    );
    const fill = pipe && entry.pending >= 0 ? (entry.pending === 0 ? ' (empty)' : entry.capacity > 0 && entry.pending >= entry.capacity ? ` (full: ${entry.pending} bytes)` : ` (${entry.pending} bytes waiting)`) : '';
    const what = (pipe ? 'a pipe' : entry.target.startsWith('/') ? `the FIFO ${shown(entry.target)}` : shown(entry.target)) + fill;
    const where = fd === 0 ? 'its standard input, ' : fd === 1 ? 'its standard output, ' : '';
    const names = holders.map(({ q, f }) => `${q.pid === p.pid ? 'itself' : nameOf(q)} (fd ${f.fd})`);
    if (reading) {
      // a blocked reader with no writer in sight: the writer is outside the test — ipclab, typing its input
      if (!names.length) return ` on ${where}${what}${pipe ? ' whose write end only the test holds: it waits for the test\'s input' : ''}`;
      const self = holders.some(({ q }) => q.pid === p.pid);
      // a FIFO server keeping its own write end open is a common design (it must not see end of file between clients): said as a fact, not as a fault
      const tail = !self ? ' — end of file comes only when every write end is closed'
        : pipe ? ' — it can never see end of file while it holds a write end itself'
          : ', so it waits for the next writer instead of seeing end of file';
      return ` on ${where}${what} whose write end is still open in ${names.join(', ')}${tail}`;
    }
    return ` on ${where}${what}${names.length ? ` that ${names.join(', ')} could read, but does not` : ' (full: nobody reads it)'}`;
  }
  if (call === 'msgrcv' || call === 'msgsnd') {
    const q = inv.sysv.find((o) => o.kind === 'msg' && o.id === arg(p, 0));
    const detail = q && q.kind === 'msg' ? `message queue key ${hexKey(q.key)} (${q.messages} message${q.messages === 1 ? '' : 's'} in it)` : `message queue id ${arg(p, 0)}`;
    return call === 'msgrcv' ? ` on ${detail}, waiting for a message of type ${arg(p, 3) | 0}` : ` on ${detail}: the queue is full`;
  }
  if (call === 'semtimedop' || call === 'semop') {
    const s = inv.sysv.find((o) => o.kind === 'sem' && o.id === arg(p, 0));
    return s && s.kind === 'sem' ? ` on semaphore set key ${hexKey(s.key)} (values ${s.values.join(', ')}; waiting: ${s.waitingForIncrease.join(', ')})` : ' on a semaphore set';
  }
  if (call === 'mq_timedsend' || call === 'mq_timedreceive') {
    const target = p.fds.find((f) => f.fd === arg(p, 0))?.target ?? '';
    const q = inv.posix.find((o) => o.kind === 'mq' && (target === o.name || target.endsWith(o.name)));
    const which = q ? `the POSIX message queue ${shown(q.name)}${q.messages !== undefined ? ` (${q.messages} of at most ${q.maxMessages} messages)` : ''}` : 'a POSIX message queue';
    return call === 'mq_timedsend' ? ` on ${which}: it is full` : ` on ${which}: it is empty`;
  }
  if (call === 'futex') {
    const o = futexObject(p, p.syscall?.args[0] ?? '0x0', inv);
    if (!o) return ' (a POSIX semaphore or a mutex: sem_wait)';
    if (o.kind === 'sem') return ` on the POSIX named semaphore ${shown(o.posix!)} (sem_wait)`;
    if (o.kind === 'shm') return ` on a semaphore or mutex in the shared memory object ${shown(o.posix!)} (sem_wait)`;
    return ` on a semaphore or mutex in the shared mapping of ${shown(o.path)} (sem_wait)`;
  }
  if (call === 'wait4' || call === 'waitid') return ' waiting for a child to exit';
  if (call === 'open' || call === 'openat') return p.wchan.includes('fifo') || p.wchan.includes('partner') ? ' opening a FIFO: it waits for the other end to be opened' : '';
  if (call === 'nanosleep' || call === 'clock_nanosleep') return ' (sleeping)';
  if (call === 'pause' || call === 'rt_sigsuspend') return ' waiting for a signal';
  return '';
}
