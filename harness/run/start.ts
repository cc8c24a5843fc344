// The start phase: the init (PID 1 of the test's namespaces) and what it needs before the
// script — the process cap, the inventory before (fallback mode), busy processes for pressure;
// and, for the script's start steps, spawning instances with their late `${pid:…}` values.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KEEP_UID } from '../init/protocol.js';
import { parseSnapshot } from '../observe/snapshot.js';
import { template } from '../spec/template.js';
import { rootArgs, rootMounts } from '../isolate/root.js';
import { InitClient } from './init-client.js';
import { initHandlers } from './events.js';
import { ROOT_MOUNT_POINT } from './prepare.js';
import { pidVars, type Instance, type Run } from './state.js';

export async function startInit(run: Run): Promise<InitClient> {
  const { plan, iso } = run;
  const init = new InitClient(initHandlers(run));
  run.init = init;
  init.start([...iso.command, '--pids-max', String(plan.maxProcesses), ...sandboxArgs(run)]);
  const ready = await init.ready;
  const cgroup = ready.includes('pids-cgroup');
  // Without a pids cgroup, and running as the grader's own user, RLIMIT_NPROC is what stops a
  // fork bomb: it counts every process of the user, so the cap is what the user has plus the test's share
  if (!cgroup && run.who.uid === KEEP_UID) run.nprocCap = ownProcessCount() + plan.maxProcesses;
  run.obs.containment = cgroup ? `at most ${plan.maxProcesses} processes (pids cgroup)` : run.nprocCap ? `at most ${plan.maxProcesses} more processes of this user (RLIMIT_NPROC)` : 'no pids cgroup: process count limited by RLIMIT_NPROC only where set';
  if (iso.mode === 'fallback') run.before = parseSnapshot(await init.snapshot(false));
  if (plan.hogs) init.hogs(plan.hogs.mask, plan.hogs.count);
  return init;
}

/** Isolated: the run's own root (harness/isolate/root.ts) and the folder to list at the end; fallback: where to list POSIX queues. */
function sandboxArgs(run: Run): string[] {
  if (run.iso.mode !== 'isolated') return ['--mqueue', run.mq];
  const build = run.plan.workDir !== undefined;
  const mounts = rootMounts({ work: run.work, build, pathDirs: run.plan.pathDirs, who: run.who });
  return [...rootArgs(join(run.root, ROOT_MOUNT_POINT), mounts), ...(build ? [] : ['--work', run.work])];
}

/** Spawns the instances not started yet; `together` holds them at a barrier released at once. */
export function startInstances(run: Run, init: InitClient, list: Instance[], together: boolean): void {
  const barrier = together ? 1 : 0;
  const interactive = new Set(run.plan.interactive);
  for (const inst of list) {
    if (inst.started) continue;
    inst.started = true;
    const late = { ...run.vars, i: String(inst.obs.instance), ...pidVars(run) };
    const fill = (s: string) => (inst.plan.literal ? s : template(s, late));
    const argv = inst.spawnReq.argv.map(fill);
    const env = Object.fromEntries(Object.entries(inst.spawnReq.env).map(([k, v]) => [k, fill(v)]));
    inst.obs.argv = argv;
    const limits = { ...inst.spawnReq.limits, processes: inst.spawnReq.limits.processes || run.nprocCap };
    init.spawn({ ...inst.spawnReq, argv, env, barrier, limits });
    const data = inst.obs.stdin;
    if (inst.spawnReq.stdinFromPipe) {
      if (data?.length) init.writeStdin(inst.id, inst.holdFrom !== undefined ? data.subarray(0, inst.holdFrom) : data);
      if (inst.holdFrom === undefined && !interactive.has(inst.obs.name)) init.closeStdin(inst.id);
    }
  }
  if (together) init.release(barrier);
}

/** Processes owned by this process's user, for an RLIMIT_NPROC that leaves the user's own alone. */
function ownProcessCount(): number {
  const uid = process.getuid?.() ?? 0;
  let n = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (lstatSync(`/proc/${d}`).uid === uid) n++;
    } catch {
      /* gone */
    }
  }
  return n;
}

