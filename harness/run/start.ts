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
import { boundsAtStart, parseReady } from './bounds.js';
import { initHandlers } from './events.js';
import { tracerArgs } from './traced.js';
import { ROOT_MOUNT_POINT } from './prepare.js';
import { pidVars, type Instance, type Run } from './state.js';

export async function startInit(run: Run): Promise<InitClient> {
  const { plan, iso } = run;
  const init = new InitClient(initHandlers(run));
  run.init = init;
  const bounds = ['--disk-bytes', String(plan.diskBytes), '--memory-bytes', String(plan.memoryBytes)];
  init.start([...iso.command, '--pids-max', String(plan.maxProcesses), ...bounds, ...sandboxArgs(run), ...lockArgs(run), ...traceArgs(run)]);
  const ready = parseReady(await init.ready);
  const cgroup = ready.pidsCgroup;
  // Without a pids cgroup, and running as the grader's own user, RLIMIT_NPROC is what stops a
  // fork bomb: it counts every process of the user, so the cap is what the user has plus the test's share
  if (!cgroup && run.who.uid === KEEP_UID) run.nprocCap = ownProcessCount() + plan.maxProcesses;
  run.memfdScratch = ready.memfdScratch;
  run.obs.bounds = boundsAtStart(plan, iso, ready, run.nprocCap);
  if (iso.mode === 'fallback') run.before = parseSnapshot(await init.snapshot(false));
  if (plan.hogs) init.hogs(plan.hogs.mask, plan.hogs.count);
  return init;
}

/** A traced run names its tracer to the init; without one the run goes on untraced and says why. */
function traceArgs(run: Run): string[] {
  if (!run.plan.trace) return [];
  const t = tracerArgs();
  if ('args' in t) return [...t.args, '--trace-limit', String(run.plan.traceBytes)];
  run.obs.traceUnavailable = t.missing;
  return [];
}

/** A re-run alone waits for every other run holding the lock to end, and holds new ones back. */
function lockArgs(run: Run): string[] {
  const l = run.plan.runLock;
  return l ? ['--run-lock', l.path, l.alone ? 'alone' : 'shared'] : [];
}

/** Isolated: the run's own root (harness/isolate/root.ts) and the folder to list at the end; fallback: where to list POSIX queues. */
function sandboxArgs(run: Run): string[] {
  if (run.iso.mode !== 'isolated') return ['--mqueue', run.mq];
  const { workDir, buildOut } = run.plan;
  const build = workDir === undefined ? undefined : buildOut ? 'copy' : 'bind';
  const mounts = rootMounts({ work: run.work, build, pathDirs: run.plan.pathDirs, who: run.who });
  const io = build === 'copy' ? ['--build-io', run.work, buildOut!] : build ? [] : ['--work', run.work];
  return [...rootArgs(join(run.root, ROOT_MOUNT_POINT), mounts, run.plan.diskBytes), ...io];
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

