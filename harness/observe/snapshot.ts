// Parses the init's snapshot records into an inventory of kernel IPC objects and processes.
import { syscallName } from './syscalls.js';
import { decodeField, splitRecord } from '../init/codec.js';

export interface SysvQueue { kind: 'msg'; key: number; id: number; mode: number; bytes: number; messages: number; lastSender: number; lastReceiver: number; uid: number }
export interface SysvSemSet { kind: 'sem'; key: number; id: number; mode: number; count: number; uid: number; values: number[]; waitingForIncrease: number[]; waitingForZero: number[] }
export interface SysvSegment { kind: 'shm'; key: number; id: number; mode: number; size: number; creator: number; attached: number; uid: number }
export type SysvObject = SysvQueue | SysvSemSet | SysvSegment;

export interface PosixEntry { kind: 'shm' | 'sem' | 'mq'; name: string; size: number; uid: number; mode: number; details?: string; messages?: number; maxMessages?: number; inode?: number }

/** What an open descriptor refers to (stat of /proc/PID/fd/N): an anonymous pipe and a FIFO are both S_IFIFO; the target tells them apart. */
export type FdType = 'pipe' | 'fifo' | 'file' | 'dir' | 'socket' | 'char' | 'block' | 'other';
/**
 * An open descriptor. For anonymous pipes: bytes waiting in it and its capacity (-1 when unknown).
 * dev/inode/type come from stat() of the descriptor (absent when the init could not stat it):
 * two descriptors are the same pipe or FIFO when dev and inode are equal; flags' O_ACCMODE says which end.
 */
export interface OpenFd { fd: number; flags: number; target: string; pending: number; capacity: number; dev?: number; inode?: number; type?: FdType }
/** /proc/PID/schedstat (its main thread), and the boot-time clock when it was read. */
export interface SchedStat { runNs: number; delayNs: number; slices: number; bootNs: bigint }
/**
 * A mapping of /proc/PID/maps with a path: every shared one, and private writable ones (so a
 * check can say "private"). dev is maps' "MAJ:MIN" (hex); two processes share a mapping when
 * dev and inode are equal and both are shared.
 */
export interface Mapping { start: bigint; end: bigint; path: string; inode: number; dev: string; perms: string; shared: boolean }
/** A thread other than the main one (/proc/PID/task/TID): TypeScript programs may block in a worker. */
export interface ThreadState { tid: number; state: string; running: boolean; syscall?: { nr: number; name: string; args: string[] } }
/** /proc/PID/io: bytes passed to read-like and write-like calls (any descriptor). */
export interface IoCounters { rchar: number; wchar: number }
/** What snapshots showed of a process, enough to name it: its program as last seen, its parent as first seen (the one that forked it; harness/observe/ends.ts). */
export type SeenProcess = Pick<ProcessState, 'pid' | 'ppid' | 'comm' | 'argv'>;

export interface ProcessState {
  pid: number;
  ppid: number;
  comm: string;
  state: string; // R, S, D, T, t, Z
  cpuTicks: number;
  /** CPU time of its children it has waited for (stat's cutime + cstime). */
  childCpuTicks?: number;
  startTicks: number;
  syscall?: { nr: number; name: string; args: string[] };
  /** Run time and run-queue delay (read by harness/observe/cpu.ts); absent when the kernel keeps none. */
  sched?: SchedStat;
  /**
   * Its alarm() or ITIMER_REAL: due in this many ms, none pending, or unknown (the init knows a
   * test process's alarm only as root; never that of a process the test's processes forked).
   */
  alarm?: { inMs: number } | 'none' | 'unknown';
  running: boolean;
  wchan: string;
  cmdline: string;
  /** cmdline split at its NULs (empty when unreadable, e.g. a zombie). */
  argv: string[];
  fds: OpenFd[];
  maps: Mapping[];
  /** Deep snapshots and thread-scanning ones: the other threads. */
  threads: ThreadState[];
  /** Deep snapshots only. */
  io?: IoCounters;
}

/** A pipe the init holds for the test (a process's stdout/stderr stream, or its stdin): its inode, so a check can tell "this descriptor is the test's stdout". */
export interface StreamPipe { id: number; role: 'out' | 'in'; dev: number; inode: number }

/** A size-limited tmpfs of the test (/dev/shm, …): bytes in use and its size. */
export interface QuotaUse { path: string; used: number; total: number }
/** The test's memory cgroup: its limit, the most it used, and how many processes the kernel OOM-killed in it. */
export interface MemoryUse { limit: number; peak: number; oomKills: number }
/** An entry of the work folder's top level (isolated modes list it from inside, at the end). */
export interface WorkEntry { name: string; type: 'file' | 'fifo' | 'dir' | 'other'; size: number }

export interface Inventory {
  t: bigint;
  quotas?: QuotaUse[];
  memory?: MemoryUse;
  sysv: SysvObject[];
  posix: PosixEntry[];
  processes: ProcessState[];
  /** Deep snapshots: the pipes of the test's streams, as the init holds them. */
  streams?: StreamPipe[];
  /** CPU ticks of every process the init has reaped (undefined when it did not say). */
  reapedTicks?: number;
  /** Only in a work-folder listing (InitClient.workListing). */
  work?: WorkEntry[];
  /** Lines the parser rejected (a snapshot cut short counts one): the init never writes them. */
  malformed: number;
}

/** /proc/sysvipc prints keys as signed decimal; users think in unsigned. */
export const unsignedKey = (k: number): number => k >>> 0;
export const hexKey = (k: number): string => `0x${unsignedKey(k).toString(16).padStart(8, '0')}`;

/** A decimal integer field, else NaN (which makes its record malformed). */
const int = (f: string | undefined): number => (f !== undefined && /^-?\d+$/.test(f) ? Number(f) : NaN);
const octal = (f: string | undefined): number => (f !== undefined && /^[0-7]+$/.test(f) ? parseInt(f, 8) : NaN);
const allNumbers = (...v: number[]): boolean => v.every(Number.isFinite);
/** A non-negative decimal the kernel counts (a device, an inode, bytes), exact as a number; else NaN. */
const count = (f: string | undefined): number => (f !== undefined && /^\d{1,15}$/.test(f) ? Number(f) : NaN);
const FD_TYPES: readonly string[] = ['pipe', 'fifo', 'file', 'dir', 'socket', 'char', 'block', 'other'] satisfies FdType[];

/** The words of a /proc/…/syscall file: "running", -1 (not in a call), or NR and its args; undefined when malformed. */
function syscallWords(f: string[]): Pick<ProcessState, 'running' | 'syscall'> | undefined {
  if (f[0] === 'running') return f.length === 1 ? { running: true } : undefined;
  if (f.length === 0 || f[0] === '-1') return { running: false };
  const nr = int(f[0]);
  if (!Number.isFinite(nr) || !f.slice(1, 7).every((a) => /^0x[0-9a-f]+$/.test(a))) return undefined;
  return { running: false, syscall: { nr, name: syscallName(nr), args: f.slice(1, 7) } };
}

/** "DEV INODE TYPE" of an fd record: all three, or "- - -" (stat failed: none); undefined when malformed. */
function fdIdentity([dev, inode, type]: string[]): Pick<OpenFd, 'dev' | 'inode' | 'type'> | undefined {
  if (dev === '-' && inode === '-' && type === '-') return {};
  const id = { dev: count(dev), inode: count(inode), type: type as FdType };
  return allNumbers(id.dev, id.inode) && FD_TYPES.includes(type) ? id : undefined;
}

interface Parse {
  inv: Inventory;
  procs: Map<number, ProcessState>;
  semvals: Map<number, Array<[number, number, number]>>;
  mqattr: Map<string, { messages: number; maxMessages: number }>;
}

/** One function per record tag (see the list in ipclab-init.c); false when the record is malformed. */
const RECORDS: Record<string, (f: string[], p: Parse) => boolean> = {
  time: (f, p) => f.length === 1 && /^\d+$/.test(f[0]) && ((p.inv.t = BigInt(f[0])), true),
  end: (f) => f.length === 0,
  reaped: (f, p) => f.length === 1 && /^\d{1,20}$/.test(f[0]) && p.inv.reapedTicks === undefined && ((p.inv.reapedTicks = Number(f[0])), true),
  msg(f, p) {
    const o: SysvQueue = { kind: 'msg', key: unsignedKey(int(f[0])), id: int(f[1]), mode: octal(f[2]), bytes: int(f[3]), messages: int(f[4]), lastSender: int(f[5]), lastReceiver: int(f[6]), uid: int(f[7]) };
    return allNumbers(int(f[0]), o.id, o.mode, o.bytes, o.messages, o.lastSender, o.lastReceiver, o.uid) && !!p.inv.sysv.push(o);
  },
  shm(f, p) {
    const o: SysvSegment = { kind: 'shm', key: unsignedKey(int(f[0])), id: int(f[1]), mode: octal(f[2]), size: int(f[3]), creator: int(f[4]), attached: int(f[6]), uid: int(f[7]) };
    return allNumbers(int(f[0]), o.id, o.mode, o.size, o.creator, int(f[5]), o.attached, o.uid) && !!p.inv.sysv.push(o);
  },
  sem(f, p) {
    const o: SysvSemSet = { kind: 'sem', key: unsignedKey(int(f[0])), id: int(f[1]), mode: octal(f[2]), count: int(f[3]), uid: int(f[4]), values: [], waitingForIncrease: [], waitingForZero: [] };
    return allNumbers(int(f[0]), o.id, o.mode, o.count, o.uid) && !!p.inv.sysv.push(o);
  },
  semval(f, p) {
    const vals = f.slice(1).map((v) => /^(-?\d+)\/(-?\d+)\/(-?\d+)$/.exec(v)?.slice(1).map(Number) as [number, number, number] | undefined);
    if (!Number.isFinite(int(f[0])) || vals.some((v) => !v)) return false;
    p.semvals.set(int(f[0]), vals as Array<[number, number, number]>);
    return true;
  },
  shmfs(f, p) {
    const name = decodeField(f[0] ?? '');
    const e = { size: int(f[1]), uid: int(f[2]), mode: octal(f[3]), inode: int(f[4]) };
    if (f.length !== 5 || name === undefined || !allNumbers(e.size, e.uid, e.mode, e.inode)) return false;
    const isSem = name.startsWith('sem.');
    p.inv.posix.push({ kind: isSem ? 'sem' : 'shm', name: `/${isSem ? name.slice(4) : name}`, ...e });
    return true;
  },
  mqueue(f, p) {
    const name = decodeField(f[0] ?? '');
    const details = decodeField(f[5] ?? '');
    const e = { size: int(f[1]), uid: int(f[2]), mode: octal(f[3]), inode: int(f[4]) };
    if (f.length !== 6 || name === undefined || details === undefined || !allNumbers(e.size, e.uid, e.mode, e.inode)) return false;
    p.inv.posix.push({ kind: 'mq', name: `/${name}`, ...e, details: details.replace(/[\n\t]/g, ' ').trim() });
    return true;
  },
  mqattr(f, p) {
    const name = decodeField(f[0] ?? '');
    const a = { messages: int(f[1]), maxMessages: int(f[2]) };
    if (f.length !== 4 || name === undefined || !allNumbers(a.messages, a.maxMessages, int(f[3]))) return false;
    p.mqattr.set(name, a);
    return true;
  },
  quota(f, p) {
    const path = decodeField(f[0] ?? '');
    const q = { used: int(f[1]), total: int(f[2]) };
    if (f.length !== 3 || path === undefined || !allNumbers(q.used, q.total)) return false;
    (p.inv.quotas ??= []).push({ path, ...q });
    return true;
  },
  memcg(f, p) {
    const m = { limit: int(f[0]), peak: int(f[1]), oomKills: int(f[2]) };
    if (f.length !== 3 || !allNumbers(m.limit, m.peak, m.oomKills) || p.inv.memory) return false;
    p.inv.memory = m;
    return true;
  },
  proc(f, p) {
    // pid, comm, then /proc/PID/stat from its state on (field 3 of proc(5) is f[2])
    const pid = int(f[0]);
    const comm = decodeField(f[1] ?? '');
    if (f.length < 22 || comm === undefined || p.procs.has(pid)) return false;
    const proc: ProcessState = { pid, ppid: int(f[3]), comm, state: f[2], cpuTicks: int(f[13]) + int(f[14]), childCpuTicks: int(f[15]) + int(f[16]), startTicks: int(f[21]), running: false, wchan: '', cmdline: '', argv: [], fds: [], maps: [], threads: [] };
    if (!/^[A-Za-z]$/.test(proc.state) || !allNumbers(pid, proc.ppid, proc.cpuTicks, proc.childCpuTicks!, proc.startTicks)) return false;
    p.procs.set(pid, proc);
    p.inv.processes.push(proc);
    return true;
  },
  syscall: ofProcess((f, proc) => {
    const call = syscallWords(f);
    if (!call) return false;
    proc.running ||= call.running;
    if (call.syscall) proc.syscall = call.syscall;
    return true;
  }),
  task: ofProcess((f, proc) => {
    const tid = count(f[0]);
    const call = syscallWords(f.slice(2));
    if (!call || !Number.isFinite(tid) || tid === proc.pid || !/^[A-Za-z]$/.test(f[1] ?? '') || proc.threads.some((t) => t.tid === tid)) return false;
    proc.threads.push({ tid, state: f[1], ...call });
    return true;
  }),
  io: ofProcess((f, proc) => {
    const io = { rchar: count(f[0]), wchar: count(f[1]) };
    if (f.length !== 2 || !allNumbers(io.rchar, io.wchar) || proc.io) return false;
    proc.io = io;
    return true;
  }),
  stream(f, p) {
    const s = { id: count(f[0]), role: f[1] as StreamPipe['role'], dev: count(f[2]), inode: count(f[3]) };
    if (f.length !== 4 || !['out', 'in'].includes(s.role) || !allNumbers(s.id, s.dev, s.inode)) return false;
    (p.inv.streams ??= []).push(s);
    return true;
  },
  wchan: ofProcess((f, proc) => {
    const w = f.length === 1 ? decodeField(f[0]) : undefined;
    if (w === undefined) return false;
    proc.wchan = w === '0' ? '' : w;
    return true;
  }),
  cmdline: ofProcess((f, proc) => {
    const c = f.length === 1 ? decodeField(f[0]) : undefined;
    if (c === undefined) return false;
    proc.cmdline = c.replaceAll('\0', ' ').trim();
    proc.argv = c.split('\0').filter((a, i, all) => i < all.length - 1 || a !== '');
    return true;
  }),
  fd: ofProcess((f, proc) => {
    // FD FLAGS PENDING CAPACITY DEV INODE TYPE TARGET
    const target = f.length === 8 ? decodeField(f[7]) : undefined;
    const e = { fd: int(f[0]), flags: octal(f[1]), pending: int(f[2]), capacity: int(f[3]) };
    const id = fdIdentity(f.slice(4, 7));
    if (target === undefined || !id || !allNumbers(e.fd, e.flags, e.pending, e.capacity)) return false;
    proc.fds.push({ ...e, ...id, target });
    return true;
  }),
  sched: ofProcess((f, proc) => {
    if (f.length !== 4 || !f.every((x) => /^\d{1,20}$/.test(x)) || proc.sched) return false;
    proc.sched = { runNs: Number(f[0]), delayNs: Number(f[1]), slices: Number(f[2]), bootNs: BigInt(f[3]) };
    return true;
  }),
  alarm: ofProcess((f, proc) => {
    if (f.length !== 1 || !/^(-1|\d{1,20})$/.test(f[0]) || proc.alarm) return false;
    const ns = Number(f[0]);
    proc.alarm = ns < 0 ? 'unknown' : ns === 0 ? 'none' : { inMs: ns / 1e6 };
    return true;
  }),
  work(f, p) {
    const name = decodeField(f[0] ?? '');
    const type = f[1] as WorkEntry['type'];
    if (f.length !== 3 || name === undefined || !['file', 'fifo', 'dir', 'other'].includes(type) || !Number.isFinite(int(f[2]))) return false;
    (p.inv.work ??= []).push({ name, type, size: int(f[2]) });
    return true;
  },
  map: ofProcess((f, proc) => {
    // RANGE PERMS OFFSET DEV INODE PATH, as /proc/PID/maps writes them
    const range = /^([0-9a-f]+)-([0-9a-f]+)$/.exec(f[0] ?? '');
    const path = f.length === 6 ? decodeField(f[5]) : undefined;
    const ok = range && path !== undefined && /^[r-][w-][x-][sp]$/.test(f[1]) && /^[0-9a-f]+$/.test(f[2]) && /^[0-9a-f]+:[0-9a-f]+$/.test(f[3]);
    if (!ok || !Number.isFinite(count(f[4]))) return false;
    proc.maps.push({ start: BigInt(`0x${range[1]}`), end: BigInt(`0x${range[2]}`), inode: count(f[4]), path, dev: f[3], perms: f[1], shared: f[1][3] === 's' });
    return true;
  }),
};

/** A record about a process: PID first; the process's own "proc" record comes before it. */
function ofProcess(fn: (f: string[], proc: ProcessState) => boolean): (f: string[], p: Parse) => boolean {
  return (f, p) => {
    const proc = p.procs.get(int(f[0]));
    return !!proc && fn(f.slice(1), proc);
  };
}

/**
 * The init's snapshot (records, see ipclab-init.c) as an inventory. A line is taken only when
 * it is a record the init could have written; any other is counted in `malformed` and
 * ignored, so nothing inside a field can open a record of its own.
 */
export function parseSnapshot(text: string): Inventory {
  const p: Parse = { inv: { t: 0n, sysv: [], posix: [], processes: [], malformed: 0 }, procs: new Map(), semvals: new Map(), mqattr: new Map() };
  let ended = false;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const fields = splitRecord(line);
    const parse = fields && !ended ? RECORDS[fields[0]] : undefined;
    if (!parse || !parse(fields!.slice(1), p)) p.inv.malformed++;
    else if (fields![0] === 'end') ended = true;
  }
  if (text && !ended) p.inv.malformed++;
  for (const o of p.inv.sysv) {
    if (o.kind !== 'sem') continue;
    const v = p.semvals.get(o.id) ?? [];
    Object.assign(o, { values: v.map((x) => x[0]), waitingForIncrease: v.map((x) => x[1]), waitingForZero: v.map((x) => x[2]) });
  }
  for (const e of p.inv.posix) if (e.kind === 'mq') Object.assign(e, p.mqattr.get(e.name));
  return p.inv;
}
