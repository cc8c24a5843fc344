// How many CPUs this process may really use: its affinity (sched_getaffinity, which Node's
// os.availableParallelism() reads), bounded by its cgroup's CPU quota (v2 cpu.max, v1
// cpu.cfs_quota_us / cpu.cfs_period_us) — not the host's count, which a container or a
// `taskset` hides.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, posix } from 'node:path';

export interface CpuSources {
  /** Text of /proc/self/cgroup. */
  cgroups?: string;
  /** Where the cgroup hierarchies are mounted. */
  cgroupRoot?: string;
  /** CPUs in this process's affinity mask. */
  affinity?: number;
}

let ours: number | undefined;

/** With no sources: this process's own count, read once (every run asks; the cgroup files do not change under it). */
export function usableCpus(src?: CpuSources): number {
  if (!src) return (ours ??= countCpus({}));
  return countCpus(src);
}

function countCpus(src: CpuSources): number {
  const affinity = src.affinity ?? availableParallelism();
  const quota = cpuQuota(src.cgroups ?? readOr('/proc/self/cgroup'), src.cgroupRoot ?? '/sys/fs/cgroup');
  return Math.max(1, quota === undefined ? affinity : Math.min(affinity, Math.ceil(quota)));
}

/** CPUs' worth of time the cgroup (or a parent of it) allows per period; undefined when unlimited. */
export function cpuQuota(cgroups: string, root: string): number | undefined {
  let least: number | undefined;
  for (const line of cgroups.split('\n')) {
    const m = /^\d+:([^:]*):(\/.*)$/.exec(line.trim());
    if (!m) continue;
    const controllers = m[1].split(',');
    const dirs = m[1] === '' ? [root] : controllers.includes('cpu') ? [join(root, m[1]), join(root, 'cpu')] : [];
    for (const dir of dirs.filter(existsSync)) {
      for (const at of ancestry(m[2])) {
        const q = m[1] === '' ? quotaV2(join(dir, at)) : quotaV1(join(dir, at));
        if (q !== undefined) least = Math.min(least ?? q, q);
      }
    }
  }
  return least;
}

/** "/a/b" → "/a/b", "/a", "/": a parent's quota binds its children too. */
function ancestry(path: string): string[] {
  const out: string[] = [];
  for (let p = posix.normalize(path); ; p = posix.dirname(p)) {
    out.push(p);
    if (p === '/' || p === '.') return out;
  }
}

/** cpu.max: "max 100000" or "QUOTA PERIOD". */
function quotaV2(dir: string): number | undefined {
  const m = /^(\d+|max)\s+(\d+)/.exec(readOr(join(dir, 'cpu.max')).trim());
  return m && m[1] !== 'max' && Number(m[2]) > 0 ? Number(m[1]) / Number(m[2]) : undefined;
}

/** cpu.cfs_quota_us is -1 when unlimited. */
function quotaV1(dir: string): number | undefined {
  const quota = Number(readOr(join(dir, 'cpu.cfs_quota_us')).trim() || NaN);
  const period = Number(readOr(join(dir, 'cpu.cfs_period_us')).trim() || NaN);
  return quota > 0 && period > 0 ? quota / period : undefined;
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
