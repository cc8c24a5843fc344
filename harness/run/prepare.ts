// The prepare phase: the run's folder (work/ for the processes, which in isolated modes is a tmpfs
// of the run's own root, mounted on root/; mq/ for the init's mqueue mount in fallback mode), its per-run values, and every planned process turned into an
// instance with its streams. Nothing starts yet.
import { chmodSync, chownSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// execFileSync, not execa: the mqueue unmount is part of a synchronous clean-up (signal handler too).
import { execFileSync } from 'node:child_process';
import { BoundedStream } from '../capture/stream.js';
import { BROKEN_PIPE, DEV_NULL, KEEP_UID } from '../init/protocol.js';
import { isolation, runUid } from '../isolate/mode.js';
import { template, type Vars } from '../spec/template.js';
import { tempFolder } from '../interrupt.js';
import { randomBytesSeeded } from './random.js';
import { makeVars } from './vars.js';
import { baseEnv, fillProcess, type PlannedProcess, type RunPlan } from './plan.js';
import type { Run } from './state.js';
import { newCapture } from './traced.js';

/** The run folder's empty folder the init mounts the run's own root on (isolated modes). */
export const ROOT_MOUNT_POINT = 'root';

export function prepare(plan: RunPlan): Run {
  const iso = isolation();
  const who = plan.as ?? runUid(iso);
  const t0 = process.hrtime.bigint();
  const { root, work, mq } = makeFolder(plan, who, iso.mode === 'isolated');
  const vars = makeVars(work);
  const run: Run = {
    plan, iso, who, t0, deadline: Date.now() + plan.timeoutMs, root, work, mq, vars,
    obs: {
      mode: iso.mode, isolation: iso.description, durationMs: 0, processes: [], streams: {}, streamIds: {}, stdinIds: {}, orphans: [], samples: {}, sampleBytes: {},
      leftovers: [], workFiles: [], timeline: [], vars, bounds: [],
    },
    streams: [], streamIds: new Map(), streamOwner: new Map(), cursors: new Map(),
    groups: new Map(), byId: new Map(), byPid: new Map(),
    changed: Promise.resolve(), wake: () => {}, timedOut: false, events: 0, scripting: false, lateMs: 0, blindMs: 0, tearingDown: false, nprocCap: 0, memfdScratch: false, known: new Map(), seen: new Map(),
  };
  run.changed = new Promise<void>((r) => (run.wake = r));
  if (plan.trace) run.trace = newCapture(plan.traceBytes);
  const base = baseEnv(plan.pathDirs, work);
  for (const p of plan.processes) addInstance(run, p, base);
  for (const [alias, stream] of plan.aliases) {
    if (!run.streamIds.has(alias) && run.streamIds.has(stream)) run.streamIds.set(alias, run.streamIds.get(stream)!);
  }
  run.obs.streamIds = Object.fromEntries(run.streamIds);
  for (const inst of run.byId.values()) if (inst.spawnReq.stdinFromPipe) run.obs.stdinIds[inst.obs.label] = inst.id;
  return run;
}

function makeFolder(plan: RunPlan, who: { uid: number; gid: number }, isolated: boolean): { root: string; work: string; mq: string } {
  // registered: a signal to ipclab removes it too (harness/interrupt.ts)
  const root = tempFolder('ipclab-', { remove: (dir) => removeRunFolder(dir, join(dir, 'mq')) });
  const work = plan.workDir ?? join(root, 'work');
  const mq = join(root, 'mq');
  if (!plan.workDir) mkdirSync(work, { mode: 0o700 });
  if (isolated) {
    // the work folder is a tmpfs inside the run's root (this one stays empty): nothing of it is on the host
    mkdirSync(join(root, ROOT_MOUNT_POINT), { mode: 0o700 });
    return { root, work, mq };
  }
  mkdirSync(mq, { mode: 0o700 });
  chmodSync(root, 0o711);
  if (who.uid !== KEEP_UID && !plan.workDir) chownSync(work, who.uid, who.gid);
  return { root, work, mq };
}

function addInstance(run: Run, p: PlannedProcess, base: Record<string, string>): void {
  const { argv, env } = fillProcess(p, run.vars, base);
  const stdin = stdinBytes(p, run.vars);
  const id = run.byId.size + 1;
  const obs = { name: p.name, instance: p.instance, label: p.label, argv, stdin };
  run.byId.set(id, {
    id, plan: p, obs, started: false, exited: false,
    holdFrom: 'pipe' in p.stdin ? p.stdin.holdFrom : undefined,
    spawnReq: {
      id, barrier: 0, stdout: streamId(run, p.stdout), stderr: streamId(run, p.stderr), stdinFromPipe: 'pipe' in p.stdin, trace: run.plan.trace,
      uid: run.who.uid, gid: run.who.gid, cwd: run.work, argv, env, limits: p.limits, cpuMask: run.plan.cpuMask,
    },
  });
  run.obs.processes.push(obs);
  if (p.instance === 0) run.groups.set(p.name, []);
  run.groups.get(p.name)!.push(run.byId.get(id)!);
  if (p.ownStdout) run.streamOwner.set(p.label, p.label);
  run.streamOwner.set(`${p.label}.stderr`, p.label);
}

function stdinBytes(p: PlannedProcess, vars: Vars): Buffer | undefined {
  const s = p.stdin;
  if (!('pipe' in s)) return undefined;
  if (s.text !== undefined) return Buffer.from(template(s.text, { ...vars, i: String(p.instance) }));
  if (s.random) return randomBytesSeeded(s.random.bytes, s.random.seed);
  if (s.file) return readFileSync(s.file);
  return undefined;
}

function streamId(run: Run, name: string): number {
  if (name === 'null') return DEV_NULL;
  if (name === 'broken') return BROKEN_PIPE;
  let id = run.streamIds.get(name);
  if (id === undefined) {
    id = run.streams.length;
    run.streamIds.set(name, id);
    run.streams.push(new BoundedStream(name, run.plan.outputLimit));
  }
  return id;
}

/** The run's folder; an mqueue mount left by an init that died is detached first. */
export function removeRunFolder(root: string, mq: string): void {
  try {
    rmSync(root, { recursive: true, force: true });
  } catch {
    try {
      execFileSync('umount', ['-l', mq], { stdio: 'ignore' });
    } catch {
      /* not mounted after all */
    }
    rmSync(root, { recursive: true, force: true });
  }
}
