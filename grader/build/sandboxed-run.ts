// One build step, run like a test: in the sandbox, as the build's unprivileged uid (a student
// Makefile is student code), with its output captured.
import { runPlan } from '../../harness/run/run-test.js';
import { commandPlan } from '../../harness/run/plan.js';
import type { Observation } from '../../harness/run/observation.js';
import { terminationReason } from '../wording.js';

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
}

export async function runStep(argv: string[], run: StepRun): Promise<StepOutcome> {
  return outcomeOf(await runInSandbox(argv, run));
}

/** The one place a build step becomes a run: a plan of one command, no checks. */
function runInSandbox(argv: string[], { binDir, builder }: StepRun): Promise<Observation> {
  const limits = { memory_mb: 4096, processes: 0, cpu_seconds: 120 };
  return runPlan(commandPlan(argv, { workDir: binDir, as: builder, timeoutMs: 120_000, limits }));
}

function outcomeOf(obs: Observation): StepOutcome {
  const proc = obs.processes[0];
  const output = `${obs.streams['build']?.head.toString() ?? ''}${obs.streams['build.stderr']?.head.toString() ?? ''}`;
  const ok = proc.exit?.code === 0;
  const why = ok ? '' : proc.execError ?? (obs.termination && terminationReason(obs.termination)) ?? obs.harnessError ?? (proc.exit?.signal ? `killed by ${proc.exit.signal}` : `exit status ${proc.exit?.code}`);
  return { ok, output, why };
}
