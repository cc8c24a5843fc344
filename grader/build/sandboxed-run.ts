// One build step, run like a test: in the sandbox, as the build's unprivileged uid (a student
// Makefile is student code), with its output captured.
import { rmSync } from 'node:fs';
import { isolation } from '../../harness/isolate/mode.js';
import { runPlan } from '../../harness/run/run-test.js';
import { commandPlan } from '../../harness/run/plan.js';
import type { Observation } from '../../harness/run/observation.js';
import { harnessErrorWords, terminationReason } from '../wording.js';
import { outFolder, takeOut } from './folder.js';

export interface StepOutcome {
  ok: boolean;
  /** stdout then stderr, as captured. */
  output: string;
  /** Why it failed, in a few words (an exec error, a timeout, a signal, an exit status). */
  why: string;
}

export interface StepRun {
  binDir: string;
  builder: { uid: number; gid: number };
  /**
   * The step writes a copy of bin/ in its own tmpfs, copied back when it ends, so what it writes
   * is bounded by the run's disk limit (a Makefile can write any number of files). Isolated runs
   * only; the `cc` lines, which run side by side, each write one program bounded by the file size.
   */
  copied?: boolean;
  /** Host folders the step reads besides the system's (the type checker). */
  readOnly?: string[];
}

export async function runStep(argv: string[], run: StepRun): Promise<StepOutcome> {
  return outcomeOf(await runInSandbox(argv, run));
}

/** The one place a build step becomes a run: a plan of one command, no checks. */
async function runInSandbox(argv: string[], { binDir, builder, copied, readOnly }: StepRun): Promise<Observation> {
  const limits = { memory_mb: 4096, processes: 0, cpu_seconds: 120 };
  const buildOut = copied && isolation().mode === 'isolated' ? outFolder(binDir) : undefined;
  const obs = await runPlan(commandPlan(argv, { workDir: binDir, buildOut, as: builder, timeoutMs: 120_000, limits, readOnly }));
  // the init copied bin/ in once its root was up (the step started); otherwise bin/ stays as it was
  if (buildOut && obs.processes[0].pid !== undefined) takeOut(buildOut, binDir, builder);
  else if (buildOut) rmSync(buildOut, { recursive: true, force: true });
  return obs;
}

function outcomeOf(obs: Observation): StepOutcome {
  const proc = obs.processes[0];
  const output = `${obs.streams['build']?.head.toString() ?? ''}${obs.streams['build.stderr']?.head.toString() ?? ''}`;
  const ok = proc.exit?.code === 0;
  const why = ok ? '' : proc.execError ?? (obs.termination && terminationReason(obs.termination)) ?? (obs.harnessError && harnessErrorWords(obs.harnessError)) ?? (proc.exit?.signal ? `killed by ${proc.exit.signal}` : `exit status ${proc.exit?.code}`);
  return { ok, output, why };
}
