// The test's resource bounds: which were in force and how (from the init's ready line and its
// snapshots), and whether a snapshot shows the test hit one (a size-limited mount full, an OOM
// kill in its memory cgroup), which stops the run the way the output limit does.
import type { Isolation } from '../isolate/mode.js';
import type { Inventory, QuotaUse } from '../observe/snapshot.js';
import { SCRATCH_QUOTA } from '../isolate/root.js';
import type { Bound } from './observation.js';
import type { RunPlan } from './plan.js';
import { notify, type Run } from './state.js';

/** ENOSPC is not visible from outside: a mount with less free than this counts as full. */
const FULL_BELOW = 4 * 4096;

/** What the init said it could set up: `isolated PID pids-cgroup memory-cgroup ipc-limits=7` (`memfd-scratch`: memfds are made in the scratch tmpfs). */
export interface ReadyInfo { pidsCgroup: boolean; memoryCgroup: boolean; ipcLimits: number; memfdScratch: boolean }

export function parseReady(line: string): ReadyInfo {
  const words = line.split(' ');
  const ipc = words.find((w) => w.startsWith('ipc-limits='));
  return { pidsCgroup: words.includes('pids-cgroup'), memoryCgroup: words.includes('memory-cgroup'), ipcLimits: ipc ? Number(ipc.slice(11)) : -1, memfdScratch: words.includes('memfd-scratch') };
}

/** 256 MiB, 1 GiB, 1.5 GiB: sizes as a student reads them. */
export function size(bytes: number): string {
  const units: Array<[number, string]> = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [u, name] of units) if (bytes >= u) return `${Math.round((bytes / u) * 10) / 10} ${name}`;
  return `${bytes} bytes`;
}

const IPC_LIMIT_COUNT = 7;

/** Why a memory cgroup could not be made, by isolation kind. */
const MEMCG_MISSING: Record<Isolation['kind'], string> = {
  root: 'no memory controller to write', sudo: 'no memory controller to write',
  userns: 'user-namespace mode: the cgroup tree is root\'s', fallback: 'fallback mode',
};

/** Processes, memory and System V limits, known once the init is ready; disk follows from its mounts. */
export function boundsAtStart(plan: RunPlan, iso: Isolation, ready: ReadyInfo, nprocCap: number): Bound[] {
  const n = plan.maxProcesses;
  const processes: Bound = ready.pidsCgroup ? { kind: 'processes', value: `at most ${n} processes`, by: 'pids cgroup' }
    : nprocCap ? { kind: 'processes', value: `at most ${n} more processes of this user`, by: 'RLIMIT_NPROC' }
    : { kind: 'processes', value: `at most ${n} processes`, missing: 'no pids cgroup here: only RLIMIT_NPROC where a process sets `limits.processes`' };
  const memory: Bound = ready.memoryCgroup ? { kind: 'memory', value: `${size(plan.memoryBytes)} for all the test's processes`, by: 'memory cgroup' }
    : { kind: 'memory', value: `${size(plan.memoryBytes)} for all the test's processes`, missing: `no writable memory cgroup here (${MEMCG_MISSING[iso.kind]}): only each process's address-space limit (RLIMIT_AS)${ready.memfdScratch ? '; memfds count against the disk limit' : ''}` };
  const ipcValue = `64 shared memory segments of at most ${size(plan.memoryBytes)} in all, 64 queues, 64 semaphore sets`;
  const ipc: Bound = ready.ipcLimits === IPC_LIMIT_COUNT ? { kind: 'ipc', value: ipcValue, by: "the test's IPC namespace limits" }
    : ready.ipcLimits < 0 ? { kind: 'ipc', value: ipcValue, missing: "no IPC namespace (fallback mode): the machine's own limits apply" }
    : { kind: 'ipc', value: ipcValue, missing: `the kernel let ${ready.ipcLimits} of ${IPC_LIMIT_COUNT} IPC namespace limits be set` };
  return [processes, memory, ipc];
}

/** What the run's scratch tmpfs holds, in the student's terms (harness/isolate/root.ts binds its folders there). */
const SCRATCH_PLACES = 'the working directory, /tmp, /var/tmp and /dev/shm';

/** The same, where memfd_create makes its files there too (no memory cgroup: the init's `memfd-scratch`). */
export function scratchPlaces(memfds: boolean | undefined): string {
  return memfds ? 'the working directory, /tmp, /var/tmp, /dev/shm and memfds' : SCRATCH_PLACES;
}

/** A size-limited mount the init reported, named for the student. */
function placeOf(q: QuotaUse, work: string, memfds: boolean): string {
  if (q.path === SCRATCH_QUOTA) return `${scratchPlaces(memfds)} together`;
  return q.path === work ? 'the working directory' : q.path;
}

/** The disk bound from the size-limited mounts a snapshot listed. */
export function diskBound(plan: RunPlan, iso: Isolation, quotas: QuotaUse[] | undefined, work: string, memfds = false): Bound {
  const value = `${size(plan.diskBytes)} written`;
  if (!quotas?.length) {
    const why = iso.mode === 'fallback' ? 'no size-limited mount in fallback mode' : 'the supervisor reported no size-limited mount';
    return { kind: 'disk', value, missing: `${why}: only each file is limited (RLIMIT_FSIZE)` };
  }
  const where = quotas.map((q) => placeOf(q, work, memfds)).join(', ');
  // the run's own root is read-only: the scratch tmpfs is all a test can write (a build also writes its folder, per file bounded)
  const by = !plan.workDir ? "one tmpfs of that size; nothing else in the test's root is writable"
    : plan.buildOut ? 'one tmpfs of that size, the build folder copied into it and back' : 'one tmpfs of that size; the build folder only per file (RLIMIT_FSIZE)';
  return { kind: 'disk', value: `${value} in ${where}`, by };
}

/** A full mount or an OOM kill in the snapshot: the run stops with it as the cause (first cause wins). */
export function checkBounds(run: Run, inv: Inventory): void {
  if (run.abort) return;
  if (inv.memory && inv.memory.oomKills > 0) run.abort = { reason: 'memory-limit', limitBytes: inv.memory.limit, kills: inv.memory.oomKills };
  else {
    const full = inv.quotas?.find((q) => q.total - q.used < FULL_BELOW);
    if (full) run.abort = { reason: 'disk-limit', limitBytes: full.total, path: full.path, workDir: full.path === run.work, scratch: full.path === SCRATCH_QUOTA, build: !!run.plan.buildOut, ...(run.memfdScratch && full.path === SCRATCH_QUOTA ? { memfds: true } : {}) };
  }
  if (run.abort) notify(run);
}
