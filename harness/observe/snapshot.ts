// Parses the init's snapshot text into an inventory of kernel IPC objects and processes.
import { syscallName } from './syscalls.js';

export interface SysvQueue { kind: 'msg'; key: number; id: number; mode: number; bytes: number; messages: number; lastSender: number; lastReceiver: number; uid: number }
export interface SysvSemSet { kind: 'sem'; key: number; id: number; mode: number; count: number; uid: number; values: number[]; waitingForIncrease: number[]; waitingForZero: number[] }
export interface SysvSegment { kind: 'shm'; key: number; id: number; mode: number; size: number; creator: number; attached: number; uid: number }
export type SysvObject = SysvQueue | SysvSemSet | SysvSegment;

export interface PosixEntry { kind: 'shm' | 'sem' | 'mq'; name: string; size: number; uid: number; mode: number; details?: string; messages?: number; maxMessages?: number; inode?: number }

/** For anonymous pipes: bytes waiting in it and its capacity (-1 when unknown). */
export interface OpenFd { fd: number; flags: number; target: string; pending: number; capacity: number }
export interface SharedMapping { start: bigint; end: bigint; path: string; inode: number }
export interface ProcessState {
  pid: number;
  ppid: number;
  comm: string;
  state: string; // R, S, D, T, t, Z
  cpuTicks: number;
  startTicks: number;
  syscall?: { nr: number; name: string; args: string[] };
  running: boolean;
  wchan: string;
  cmdline: string;
  fds: OpenFd[];
  maps: SharedMapping[];
}

export interface Inventory {
  t: bigint;
  sysv: SysvObject[];
  posix: PosixEntry[];
  processes: ProcessState[];
}

const num = (s: string | undefined): number => (s === undefined ? 0 : Number(s));
/** /proc/sysvipc prints keys as signed decimal; users think in unsigned. */
export const unsignedKey = (k: number): number => k >>> 0;
export const hexKey = (k: number): string => `0x${unsignedKey(k).toString(16).padStart(8, '0')}`;

export function parseSnapshot(text: string): Inventory {
  const inv: Inventory = { t: 0n, sysv: [], posix: [], processes: [] };
  const sections = new Map<string, string[]>();
  let section = '';
  let proc: ProcessState | undefined;
  let procField = '';
  const semvals = new Map<number, Array<[number, number, number]>>();
  for (const line of text.split('\n')) {
    if (line.startsWith('@proc ')) {
      proc = { pid: Number(line.slice(6)), ppid: 0, comm: '', state: '?', cpuTicks: 0, startTicks: 0, running: false, wchan: '', cmdline: '', fds: [], maps: [] };
      inv.processes.push(proc);
      section = 'proc';
      procField = 'stat';
      continue;
    }
    if (proc && section === 'proc') {
      if (line === '@syscall' || line === '@wchan' || line === '@cmdline') {
        procField = line.slice(1);
        continue;
      }
      if (line.startsWith('@fd ')) {
        const [, fd, flags, pending, capacity, ...target] = line.split(' ');
        proc.fds.push({ fd: Number(fd), flags: parseInt(flags, 8), pending: Number(pending), capacity: Number(capacity), target: target.join(' ') });
        continue;
      }
      if (line.startsWith('@map ')) {
        const f = line.slice(5).trim().split(/\s+/);
        const [start, end] = f[0].split('-');
        if (f[5]) proc.maps.push({ start: BigInt(`0x${start}`), end: BigInt(`0x${end}`), inode: Number(f[4]), path: f.slice(5).join(' ') });
        continue;
      }
      if (!line.startsWith('@')) {
        if (procField === 'stat' && line.includes(')')) {
          const open = line.indexOf('(');
          const close = line.lastIndexOf(')');
          proc.comm = line.slice(open + 1, close);
          const f = line.slice(close + 2).split(' ');
          proc.state = f[0];
          proc.ppid = num(f[1]);
          proc.cpuTicks = num(f[11]) + num(f[12]);
          proc.startTicks = num(f[19]);
        } else if (procField === 'syscall' && line.trim()) {
          const f = line.trim().split(' ');
          if (f[0] === 'running') proc.running = true;
          else if (f[0] !== '-1') {
            const nr = Number(f[0]);
            proc.syscall = { nr, name: syscallName(nr), args: f.slice(1, 7) };
          }
        } else if (procField === 'wchan') proc.wchan = line.trim() === '0' ? '' : line.trim();
        else if (procField === 'cmdline') proc.cmdline = line.trim();
        continue;
      }
      proc = undefined;
    }
    if (line.startsWith('@')) {
      section = line.slice(1);
      sections.set(section, []);
      continue;
    }
    if (line.trim()) sections.get(section)?.push(line);
  }
  inv.t = BigInt(sections.get('time')?.[0] ?? '0');
  for (const line of sections.get('semvals') ?? []) {
    const [id, ...vals] = line.trim().split(' ');
    semvals.set(Number(id), vals.map((v) => v.split('/').map(Number) as [number, number, number]));
  }
  const rows = (name: string) => (sections.get(name) ?? []).slice(1).map((l) => l.trim().split(/\s+/));
  for (const f of rows('msg')) {
    inv.sysv.push({ kind: 'msg', key: unsignedKey(num(f[0])), id: num(f[1]), mode: parseInt(f[2], 8), bytes: num(f[3]), messages: num(f[4]), lastSender: num(f[5]), lastReceiver: num(f[6]), uid: num(f[7]) });
  }
  for (const f of rows('sem')) {
    const id = num(f[1]);
    const v = semvals.get(id) ?? [];
    inv.sysv.push({ kind: 'sem', key: unsignedKey(num(f[0])), id, mode: parseInt(f[2], 8), count: num(f[3]), uid: num(f[4]), values: v.map((x) => x[0]), waitingForIncrease: v.map((x) => x[1]), waitingForZero: v.map((x) => x[2]) });
  }
  for (const f of rows('shm')) {
    inv.sysv.push({ kind: 'shm', key: unsignedKey(num(f[0])), id: num(f[1]), mode: parseInt(f[2], 8), size: num(f[3]), creator: num(f[4]), attached: num(f[6]), uid: num(f[7]) });
  }
  for (const line of sections.get('shmfs') ?? []) {
    const [name, size, uid, mode, inode] = line.split('\t');
    const isSem = name.startsWith('sem.');
    inv.posix.push({ kind: isSem ? 'sem' : 'shm', name: `/${isSem ? name.slice(4) : name}`, size: num(size), uid: num(uid), mode: parseInt(mode, 8), inode: num(inode) });
  }
  const mqattr = new Map((sections.get('mqattr') ?? []).map((l) => {
    const [name, cur, max] = l.trim().split(' ');
    return [name, { messages: num(cur), maxMessages: num(max) }] as const;
  }));
  for (const line of sections.get('mqueue') ?? []) {
    const [name, size, uid, mode, inode, details] = line.split('\t');
    inv.posix.push({ kind: 'mq', name: `/${name}`, size: num(size), uid: num(uid), mode: parseInt(mode, 8), inode: num(inode), details: details?.trim(), ...mqattr.get(`/${name}`) });
  }
  return inv;
}

export function describeSysv(o: SysvObject): string {
  const what = o.kind === 'msg' ? 'message queue' : o.kind === 'sem' ? 'semaphore set' : 'shared memory segment';
  return `${what} key ${hexKey(o.key)} (id ${o.id})`;
}

export function describePosix(o: PosixEntry): string {
  const what = o.kind === 'mq' ? 'POSIX message queue' : o.kind === 'sem' ? 'POSIX named semaphore' : 'POSIX shared memory object';
  return `${what} ${o.name}`;
}
