// How a process used the CPU over a window: time on a CPU (stat's utime+stime), time runnable
// but waiting for a CPU (schedstat's run delay), and what that makes it. A starved process and a
// busy loop are both "running" at the moment of a snapshot; only these numbers tell them apart.
import { readFileSync } from 'node:fs';
import type { Inventory, ProcessState } from './snapshot.js';

export type { SchedStat } from './snapshot.js';

/** USER_HZ: /proc/PID/stat counts CPU time in these. */
export const CLOCK_TICKS = 100;

export interface CpuUse {
  /** Seconds the window lasted: between two snapshots, or since the process started. */
  windowS: number;
  /** Seconds of CPU it used in the window (all its threads). */
  cpuS: number;
  /** Seconds it was runnable but waited for a CPU (undefined when the kernel does not say). */
  delayS?: number;
}

/** busy: it used most of the CPU it was given; starved: it waited for a CPU most of the window. */
export type CpuKind = 'busy' | 'starved' | 'unclear';

/** Shares of the window that make a process busy or starved (see cpuKind). */
const BUSY_SHARE = 0.5;
const RUNNABLE_SHARE = 0.5;
const GIVEN_SHARE = 0.25;
/** Shorter windows say too little to call a process anything. */
const MIN_WINDOW_S = 0.2;

/**
 * p's use of the CPU from `before` (an earlier snapshot holding the same process: same pid and
 * start time) to `now`, else since it started; undefined when neither can be measured.
 */
export function cpuUse(p: ProcessState, now: Inventory, before?: Inventory): CpuUse | undefined {
  const then = before?.processes.find((q) => q.pid === p.pid && q.startTicks === p.startTicks);
  if (then && now.t > before!.t) {
    const delay = p.sched && then.sched ? (p.sched.delayNs - then.sched.delayNs) / 1e9 : undefined;
    return { windowS: Number(now.t - before!.t) / 1e9, cpuS: (p.cpuTicks - then.cpuTicks) / CLOCK_TICKS, delayS: delay };
  }
  if (!p.sched) return undefined;
  const startedNs = (BigInt(p.startTicks) * 1_000_000_000n) / BigInt(CLOCK_TICKS);
  const age = Number(p.sched.bootNs - startedNs) / 1e9;
  return age > 0 ? { windowS: age, cpuS: p.cpuTicks / CLOCK_TICKS, delayS: p.sched.delayNs / 1e9 } : undefined;
}

/**
 * Busy when it used at least half the window, or was runnable most of the window and got at
 * least a fifth of that (it ran at least a quarter as long as it waited: a spinner sharing its
 * CPU with up to four others is still busy, and by then it has had far more CPU than a start-up
 * needs); starved when it was runnable most of the window and waited more than four times as
 * long as it ran. A process that mostly slept, or whose wait for a CPU is unknown, is neither.
 */
export function cpuKind(u: CpuUse): CpuKind {
  if (u.windowS < MIN_WINDOW_S) return 'unclear';
  if (u.cpuS >= BUSY_SHARE * u.windowS) return 'busy';
  if (u.delayS === undefined || u.cpuS + u.delayS < RUNNABLE_SHARE * u.windowS) return 'unclear';
  return u.cpuS >= GIVEN_SHARE * u.delayS ? 'busy' : 'starved';
}

/** "4.6 s" (at least one decimal, so that a small share does not read as none). */
export function seconds(s: number): string {
  return `${Math.max(0, s).toFixed(1)} s`;
}

/**
 * Seconds of CPU the test used from `before` to `now`: its live processes, the children they
 * waited for, and what the init reaped (exited processes and orphans); undefined when unknown.
 */
export function testCpuSince(now: Inventory, before: Inventory): number | undefined {
  if (now.reapedTicks === undefined || before.reapedTicks === undefined) return undefined;
  let ticks = now.reapedTicks - before.reapedTicks;
  for (const p of now.processes) {
    const then = before.processes.find((q) => q.pid === p.pid && q.startTicks === p.startTicks);
    ticks += p.cpuTicks + (p.childCpuTicks ?? 0) - (then ? then.cpuTicks + (then.childCpuTicks ?? 0) : 0);
  }
  return ticks / CLOCK_TICKS;
}

/** Time the CPUs spent on anything (not idle, not waiting for I/O), from /proc/stat, and when it was read. */
export interface CpuTimes { busyS: number; cpus: number; atS: number }

/** The CPUs of `mask` (all when 0); undefined when /proc/stat cannot be read. */
export function machineCpuTimes(mask: bigint, stat = readStat()): CpuTimes | undefined {
  let busy = 0;
  let cpus = 0;
  for (const line of stat.split('\n')) {
    const m = /^cpu(\d+)((?: \d+){4,})$/.exec(line.trim());
    if (!m || (mask && !((mask >> BigInt(m[1])) & 1n))) continue;
    const f = m[2].trim().split(' ').map(Number);
    busy += [0, 1, 2, 5, 6, 7].reduce((a, i) => a + (f[i] ?? 0), 0); // user nice system irq softirq steal (guest is in user)
    cpus++;
  }
  return cpus ? { busyS: busy / CLOCK_TICKS, cpus, atS: Number(process.hrtime.bigint()) / 1e9 } : undefined;
}

function readStat(): string {
  try {
    return readFileSync('/proc/stat', 'utf8');
  } catch {
    return '';
  }
}
