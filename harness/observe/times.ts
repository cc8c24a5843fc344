// The init's times frame (C_TIMES in ipclab-init.c): per live process of the test its state,
// CPU time and run-queue delay (time runnable but waiting for a CPU), and the host's load.
// Cheap enough to ask for every ~150 ms; budgets (harness/run/pace.ts) and the hang test use it.
// Frame: "load NS LOAD1 SOME10 CPUS INIT_DELAY_NS", then "p PID STATE CPU_NS EXEC_NS DELAY_NS QUEUED WAKE SYSCALL…".
import { decodeField } from '../init/codec.js';

export interface ProcTimes {
  pid: number;
  /** /proc/<pid>/stat state letter: R, S, D, T, t, Z… */
  state: string;
  /** utime+stime of all threads, ns (clock-tick resolution). */
  cpuNs: number;
  /** schedstat of the main thread: time on a CPU and time waiting for one, ns. */
  execNs: number;
  delayNs: number;
  /** The init still holds standard input for it (the pipe was full). */
  stdinQueued: boolean;
  /** What could end its sleep that the call does not show (the init's WAKE bits, see WAKE). */
  wake: number;
  /** /proc/<pid>/syscall: 'running', or the call's number and arguments (-1: not in a call). */
  syscall: 'running' | { nr: number; args: bigint[] } | undefined;
}

export interface Times {
  /** The init's CLOCK_MONOTONIC, ns. */
  ns: number;
  load1: number;
  /** /proc/pressure/cpu "some avg10" (percent), when the kernel has PSI. */
  cpuSome10?: number;
  cpus: number;
  /** The init's own run-queue delay, ns: every start, output and exit of the test passes through it. */
  initDelayNs: number;
  procs: Map<number, ProcTimes>;
}

const NUM = /^\d+$/;

/** The frame's text, or undefined when it is not one the init could have written. */
export function parseTimes(text: string): Times | undefined {
  const lines = text.split('\n').filter((l) => l.length);
  const head = lines.shift()?.split(' ');
  if (!head || head[0] !== 'load' || head.length !== 6 || !NUM.test(head[1]) || !NUM.test(head[5])) return undefined;
  const some = Number(head[3]);
  const t: Times = { ns: Number(head[1]), load1: Number(head[2]), cpuSome10: some >= 0 ? some : undefined, cpus: Number(head[4]), initDelayNs: Number(head[5]), procs: new Map() };
  for (const line of lines) {
    const f = line.split(' ');
    if (f[0] !== 'p' || f.length < 8 || !f.slice(3, 8).every((x) => NUM.test(x)) || !NUM.test(f[1]) || !/^[A-Za-z]$/.test(f[2])) return undefined;
    const pid = Number(f[1]);
    t.procs.set(pid, {
      pid, state: f[2], cpuNs: Number(f[3]), execNs: Number(f[4]), delayNs: Number(f[5]), stdinQueued: f[6] === '1', wake: Number(f[7]),
      syscall: syscallOf(f.slice(8).map((w) => decodeField(w) ?? '')),
    });
  }
  return t;
}

function syscallOf(words: string[]): ProcTimes['syscall'] {
  if (!words.length) return undefined;
  if (words[0] === 'running') return 'running';
  const nr = Number(words[0]);
  if (!Number.isInteger(nr)) return undefined;
  const args: bigint[] = [];
  for (const w of words.slice(1, 7)) {
    try {
      args.push(BigInt(w));
    } catch {
      return undefined;
    }
  }
  return { nr, args };
}

/**
 * The init's WAKE bits (wake_bits in ipclab-init.c): a timer or timeout the call's arguments do not
 * show. No file of a process says whether an alarm() or ITIMER_REAL is pending, so a SIGALRM
 * handler that the process does not block counts as one (alarmHandler); as root the init finds a
 * test process's pending alarm in /proc/timer_list (alarmPending), which ends a sleep whatever the
 * disposition (SIGALRM left alone ends the process). A pause() with neither is still a hang.
 */
export const WAKE = { alarmHandler: 1, posixTimer: 2, timerfd: 4, socket: 8, untimedSocket: 16, alarmPending: 32 } as const;

// x86_64 numbers. A call here may end by itself (a timeout, or the kernel's own retries), so a
// process blocked in it is not hung; each entry says whether these arguments make it timed. The
// socket calls are timed unless the init read the socket's SO_RCVTIMEO/SO_SNDTIMEO and found none
// (WAKE.untimedSocket); a read or write on a socket with one set comes as WAKE.socket.
const int32 = (v: bigint) => Number(BigInt.asIntN(32, v));
const socketCall = (w: number) => !(w & WAKE.untimedSocket);
const TIMED: Record<number, (a: bigint[], wake: number) => boolean> = {
  7: (a) => int32(a[2]) >= 0, // poll(fds, n, timeout)
  23: (a) => a[4] !== 0n, // select(…, timeout)
  35: () => true, // nanosleep
  42: (_a, w) => socketCall(w), // connect
  43: (_a, w) => socketCall(w), 288: (_a, w) => socketCall(w), // accept, accept4
  44: (_a, w) => socketCall(w), 45: (_a, w) => socketCall(w), 46: (_a, w) => socketCall(w), 47: (_a, w) => socketCall(w), // send/recv
  299: (a, w) => a[4] !== 0n || socketCall(w), // recvmmsg(…, timeout)
  307: (_a, w) => socketCall(w), // sendmmsg
  128: (a) => a[2] !== 0n, // rt_sigtimedwait
  202: (a) => a[3] !== 0n, // futex wait with a timeout
  220: (a) => a[3] !== 0n, // semtimedop
  230: () => true, // clock_nanosleep
  232: (a) => int32(a[3]) >= 0, // epoll_wait
  242: (a) => a[4] !== 0n, // mq_timedsend
  243: (a) => a[4] !== 0n, // mq_timedreceive
  270: (a) => a[4] !== 0n, // pselect6
  271: (a) => a[2] !== 0n, // ppoll
  281: (a) => int32(a[3]) >= 0, // epoll_pwait
  441: (a) => a[3] !== 0n, // epoll_pwait2
  449: (a) => a[3] !== 0n, // futex_waitv
};

/**
 * Whether the process sleeps in a call that only another process (or the test) can end: state
 * S, in a system call, not one with a timeout, and no timer of its own that could end it (WAKE).
 * D (uninterruptible, e.g. disk) ends by itself.
 * Only on x86_64, whose call numbers these are; elsewhere nothing counts as blocked for good.
 */
export function blockedForGood(p: ProcTimes): boolean {
  if (p.state === 'Z') return true;
  if (process.arch !== 'x64' || p.state !== 'S' || p.stdinQueued || p.wake & ~WAKE.untimedSocket) return false;
  const sc = p.syscall;
  if (!sc || sc === 'running' || sc.nr < 0 || sc.args.length < 6) return false;
  return !TIMED[sc.nr]?.(sc.args, p.wake);
}
