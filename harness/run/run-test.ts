// Runs one test: carries out its RunPlan under one init and returns an Observation. It never
// decides pass or fail, and writes no advice. The phases, each in a module named for its job:
//   prepare  (run/prepare.ts)   the run's folder, per-run values, instances and streams
//   start    (run/start.ts)     the init, the process cap, the inventory before, pressure
//   script   (run/script.ts)    the steps; waits evaluate conditions from run/conditions.ts
//   settle   (run/settle.ts)    every started process exits, or the timeout explains the hang
//   observe  (run/leftovers.ts) the final snapshot, what the test made and left behind
//   teardown                    kill and reap everything, clean the machine, remove the folder
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSnapshot } from '../observe/snapshot.js';
import { releaseTempFolder } from '../interrupt.js';
import type { TestSpec } from '../spec/types.js';
import { planRun, type RunOptions, type RunPlan } from './plan.js';
import { prepare } from './prepare.js';
import { startInit } from './start.js';
import { runScript } from './script.js';
import { settle } from './settle.js';
import { Pace } from './pace.js';
import { leftovers, madeByTest, removeFallbackLeftovers } from './leftovers.js';
import { msSince, Stop, type Run } from './state.js';
import { checkBounds, diskBound } from './bounds.js';
import { finishTrace } from './traced.js';
import type { Inventory } from '../observe/snapshot.js';
import type { Observation } from './observation.js';

export type { RunOptions, Perturbation, RunPlan } from './plan.js';

/** Plans a test from its spec and runs it. */
export function runTest(test: TestSpec, opts: RunOptions): Promise<Observation> {
  return runPlan(planRun(test, opts));
}

export async function runPlan(plan: RunPlan): Promise<Observation> {
  const run = prepare(plan);
  try {
    const init = await startInit(run);
    const pace = new Pace(run, init);
    pace.start();
    try {
      await runScript(run, init, pace);
      await settle(run, init, pace);
    } finally {
      await pace.stop();
    }
  } catch (err) {
    if (!(err instanceof Stop)) run.harnessError ??= { code: 'internal', message: err instanceof Error ? err.message : String(err) };
  }
  try {
    const made = await observe(run);
    await teardown(run, made);
  } catch (err) {
    run.harnessError ??= { code: 'teardown', message: err instanceof Error ? err.message : String(err) };
  }
  return finish(run);
}

/** The final snapshot (if settle took none) and what the test left behind. */
async function observe(run: Run): Promise<Inventory | undefined> {
  const { obs, init } = run;
  if (!obs.final && init && !init.closed) obs.final = parseSnapshot(await init.snapshot(true));
  if (obs.final) checkBounds(run, obs.final);
  if (run.init) obs.bounds.push(diskBound(run.plan, run.iso, obs.final?.quotas, run.work, run.memfdScratch));
  if (run.abort) {
    // a limit hit while a timeout was being explained is the cause, not the hang it made
    obs.termination = run.abort;
    for (const i of run.byId.values()) if (i.started && !i.exited) i.obs.killedBy ??= run.abort.reason;
  }
  const made = obs.final ? madeByTest(obs.final, run.before, run.iso, run.who.uid, obs, run.byPid) : undefined;
  if (made) obs.leftovers = leftovers(made, obs, run.byPid);
  return made;
}

async function teardown(run: Run, made: Inventory | undefined): Promise<void> {
  run.tearingDown = true;
  if (!run.init) return;
  await run.init.killAll(100);
  for (const i of run.byId.values()) if (i.started && !i.exited) i.obs.killedBy ??= 'teardown';
  // the work folder is a tmpfs of the run's root: only the init sees it, and only until it quits
  if (run.iso.mode === 'isolated' && !run.plan.workDir) run.obs.workFiles = byName(parseSnapshot(await run.init.workListing()).work ?? []);
  if (run.iso.mode === 'fallback' && made) await removeFallbackLeftovers(made, run.mq);
  await run.init.quit();
}

/** What the folder held, the streams, the duration; the folder itself goes. */
function finish(run: Run): Observation {
  const { obs } = run;
  if (!run.plan.workDir && run.iso.mode !== 'isolated') obs.workFiles = listWork(run.work);
  releaseTempFolder(run.root);
  for (const [name, id] of run.streamIds) obs.streams[name] = run.streams[id].result();
  if (run.trace) finishTrace(run.trace, run.byId.values(), obs, run.t0);
  if (run.harnessError) obs.harnessError = run.harnessError;
  obs.durationMs = msSince(run);
  obs.timeline.sort((a, b) => a.ms - b.ms);
  return obs;
}

/** In the order readdirSync gives on the host (libuv sorts by name). */
function byName(entries: Observation['workFiles']): Observation['workFiles'] {
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function listWork(work: string): Observation['workFiles'] {
  try {
    return readdirSync(work).map((name) => {
      const st = lstatSync(join(work, name));
      return { name, type: st.isFIFO() ? 'fifo' : st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other', size: st.size };
    });
  } catch {
    return [];
  }
}
