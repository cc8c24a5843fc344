// One build step, run like a test: in the sandbox, as the build's unprivileged uid (a student
// Makefile is student code), with its output captured.
import { runTest } from '../../harness/run/run-test.js';
import type { Observation } from '../../harness/run/observation.js';
import type { TestSpec } from '../../harness/spec/types.js';

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
  hide?: string[];
}

export async function runStep(argv: string[], run: StepRun): Promise<StepOutcome> {
  return outcomeOf(await runInSandbox(argv, run));
}

/** The one place a build step becomes a test run (a TestSpec with one process and no real check). */
function runInSandbox(argv: string[], { binDir, builder, hide }: StepRun): Promise<Observation> {
  const test: TestSpec = {
    name: 'build', title: 'build', points: 0, timeout: '120s', cleanup: false,
    processes: { build: { run: argv, stdin: 'none', limits: { memory_mb: 4096, processes: 0, cpu_seconds: 120 } } },
    checks: [{ exit: { process: 'build', code: 0 } }],
  };
  return runTest(test, { pathDirs: [], exerciseDir: binDir, workDir: binDir, as: builder, hide });
}

function outcomeOf(obs: Observation): StepOutcome {
  const proc = obs.processes[0];
  const output = `${obs.streams['build']?.head.toString() ?? ''}${obs.streams['build.stderr']?.head.toString() ?? ''}`;
  const ok = proc.exit?.code === 0;
  const why = ok ? '' : proc.execError ?? obs.termination?.message ?? obs.harnessError ?? (proc.exit?.signal ? `killed by ${proc.exit.signal}` : `exit status ${proc.exit?.code}`);
  return { ok, output, why };
}
