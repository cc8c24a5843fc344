// Re-run before blame, for steps that came late: when ipclab itself could not run, a step that
// reacts to a report (signal a process once it has printed a line) comes late, and the program
// may have gone on meanwhile; whatever check then fails, the test runs again alone.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExercise } from '../../grader/build/build.js';
import { gradeTest, rerunCause } from '../../grader/grade.js';
import type { Observation } from '../../harness/run/observation.js';
import type { LoadedExercise } from '../../harness/spec/load.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { inFallbackMode } from '../helpers.js';

// the first run is told from the re-run by the block alone: the program is the same
inFallbackMode();

function running(token: string): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(token)) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/** Once, when a process names `token` (the program has started): blocks this process's event loop for `ms`. */
function blockOnceWhenStarted(token: string, ms: number): { seen: () => boolean; stop: () => void } {
  let seen = false;
  const timer = setInterval(() => {
    if (seen || !running(token)) return;
    seen = true;
    setImmediate(() => {
      const end = Date.now() + ms;
      while (Date.now() < end); // synchronous: ipclab reads nothing meanwhile
    });
  }, 10);
  return { seen: () => seen, stop: () => clearInterval(timer) };
}

/** The pid of a process whose command line names `token`, if one runs. */
function pidNaming(token: string): number | undefined {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(token)) return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/**
 * Once, when a process names `token`: stops the init that started it (its parent, this test's
 * run's own) for `ms`, as a machine that gives the init no CPU would: it answers no snapshot.
 */
function stopInitOnce(token: string, ms: number): { stopped: () => boolean; stop: () => void } {
  let init: number | undefined;
  let cont: NodeJS.Timeout | undefined;
  let resumed = false;
  const resume = () => {
    if (init === undefined || resumed) return;
    resumed = true;
    try {
      process.kill(init, 'SIGCONT');
    } catch {
      // that run is over
    }
  };
  const timer = setInterval(() => {
    if (init !== undefined) return;
    const pid = pidNaming(token);
    if (pid === undefined) return;
    try {
      const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'latin1').replace(/^.*\) /s, '').split(' ')[1]);
      if (!readlinkSync(`/proc/${ppid}/exe`).endsWith('/ipclab-init')) return;
      init = ppid;
      process.kill(init, 'SIGSTOP');
      cont = setTimeout(resume, ms);
    } catch {
      // gone meanwhile
    }
  }, 5);
  return {
    stopped: () => init !== undefined,
    stop: () => {
      clearInterval(timer);
      clearTimeout(cont);
      resume();
    },
  };
}

describe('re-run before blame: a process that came and went while the grader could not look', () => {
  it('re-runs alone a test whose check found no trace of a short-lived child while the init could not answer, and reports the re-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-unseen-'));
    const token = `unseen-rerun-${process.pid}-${Date.now()}`;
    // the first run's init is stopped for 1.5 s once `main` has started
    const block = stopInitOnce(token, 1500);
    try {
      const ex: LoadedExercise = { file: join(dir, 'exercise.yaml'), dir, spec: { id: 'unseen', title: 'unseen', programs: [], tests: [] } };
      // main (its parent waits for it, as a correct pipeline does) forks a sleep of 0.3 s, but
      // only once its init is stopped (or after a few thousand reads, in the re-run): the whole
      // child comes and goes while no snapshot can be taken
      const script = `: ${token}; i=0; while [ $i -lt 3000 ] && read -r l < /proc/$PPID/stat; do case "$l" in *") T "*) break;; esac; i=$((i+1)); done; sleep 0.3; exit 0`;
      const test: TestSpec = {
        name: 'u', title: 'u', points: 1, timeout: '20s',
        processes: { main: { run: ['sh', '-c', script], stdin: 'none' } },
        script: [
          { start: 'main' },
          { wait: { any: [{ blocked: { process: 'sleep child of main', call: 'sleep' } }, { exited: 'main' }] }, timeout: '5s' },
          { sample: 'lingering' },
          { wait: { exited: 'main' }, timeout: '5s' },
        ],
        checks: [{ exit: { process: 'main', code: 0 } }, { exit_order: { first: 'sleep child of main', then: 'main' } }],
      };
      const build = await buildExercise(dir, ex.spec);
      try {
        const r = await gradeTest(ex, test, build, { runLock: join(dir, 'alone.lock') });
        expect(block.stopped()).toBe(true);
        expect({ status: r.status, reason: r.reason, rerun: r.rerun }).toEqual({
          status: 'passed', reason: undefined,
          rerun: {
            firstReason: '`sleep`, a child of `main` was never seen running',
            load: expect.stringMatching(/^the grader could not look at the test's processes for \d+\.\d s, so a process that lived less than that may have come and gone unseen; load \d+\.\d on \d+ CPUs?$/),
          },
        });
      } finally {
        build.cleanup();
      }
    } finally {
      block.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('re-run before blame: steps that came late', () => {
  it('re-runs alone a test whose signal came after the program had gone on, and reports the re-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-late-'));
    // only the program's command line names it (the init's names the folders)
    const token = `late-rerun-${process.pid}-${Date.now()}`;
    const block = blockOnceWhenStarted(token, 8000);
    try {
      const ex: LoadedExercise = { file: join(dir, 'exercise.yaml'), dir, spec: { id: 'late', title: 'late', programs: [], tests: [] } };
      // prints "go" after a second and exits 0 two seconds later: the test stops it with TERM as
      // soon as it sees "go"; in the first run ipclab is blocked from its start for 8 s, so both
      // the line and the exit come while ipclab reads nothing
      const test: TestSpec = {
        name: 'r', title: 'r', points: 1, timeout: '30s',
        processes: { main: { run: ['sh', '-c', `: ${token}; sleep 1; echo go; exec sleep 2`] } },
        script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: 'go' } }, timeout: '2s' }, { signal: { process: 'main', signal: 'TERM' } }],
        checks: [{ exit: { process: 'main', signal: 'TERM' } }],
      };
      const build = await buildExercise(dir, ex.spec);
      try {
        const r = await gradeTest(ex, test, build, { runLock: join(dir, 'alone.lock') });
        expect(block.seen()).toBe(true);
        // the first run's TERM came after the exit; the re-run's in time
        expect({ status: r.status, reason: r.reason, rerun: r.rerun }).toEqual({
          status: 'passed', reason: undefined,
          rerun: { firstReason: expect.stringMatching(/SIGTERM/), load: expect.stringMatching(/^the grader itself could not run for \d+\.\d s, so it saw what the programs did up to \d+\.\d s late and the test's steps came that late too; load \d+\.\d on \d+ CPUs?$/) },
        });
      } finally {
        build.cleanup();
      }
    } finally {
      block.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const facts = (lateMs: number, relayMs: number): Observation['load'] => ({
    starvedMs: 0, stalledMs: 0, wallMs: 5000, maxLoad1: 4, cpus: 2, overloaded: false, stretched: { budgets: 0, beyondMs: 0 }, lateMs, relayMs, blindMs: 0,
  });
  const obs = (load: Observation['load']) => ({ load } as unknown as Observation);

  it('lets a failure stand when ipclab saw every report in time, or was late without being held up', () => {
    expect(rerunCause(obs(facts(40, 2000)))).toBeUndefined();
    // late because the test's own flood kept ipclab busy reading, not because it could not run
    expect(rerunCause(obs(facts(900, 30)))).toBeUndefined();
    expect(rerunCause(obs(facts(900, 1200)))).toBe("the grader itself could not run for 1.2 s, so it saw what the programs did up to 0.9 s late and the test's steps came that late too; load 4.0 on 2 CPUs");
  });

  it('re-runs a test whose own deadline ended a wait on a busy machine, and only then', () => {
    const ended = (load: Observation['load']) => ({
      load,
      termination: { reason: 'step-timeout', step: 2, failure: { kind: 'wait', condition: { exited: 'reader' }, waitedMs: 100, credit: { creditMs: 0, stallMs: 0 }, testEnded: { elapsedMs: 14000, limitMs: 10000, credit: { creditMs: 4000, stallMs: 0 } } } },
    } as unknown as Observation);
    const busy = { ...facts(0, 0)!, maxLoad1: 38, starvedMs: 4000, wallMs: 14000 };
    expect(rerunCause(ended(busy))).toBe("the test's time ran out before its steps were done; its processes waited 4.0 s for a CPU in 14.0 s and the load was 38.0 on 2 CPUs");
    // starved, on a machine whose load stayed under its CPUs
    expect(rerunCause(ended({ ...busy, maxLoad1: 1.5 }))).toMatch(/^the test's time ran out/);
    // neither: the program took the time
    expect(rerunCause(ended({ ...busy, maxLoad1: 1.5, starvedMs: 300 }))).toBeUndefined();
    // a wait whose own budget ran out is worded and judged as before
    const own = ended(busy);
    delete (own.termination as { failure: { testEnded?: unknown } }).failure.testEnded;
    expect(rerunCause(own)).toBeUndefined();
  });

  it('re-runs a failure on a process never seen only when the run went that long without a look', () => {
    const blind = (blindMs: number) => obs({ ...facts(0, 0)!, blindMs });
    const unseen = [{ title: 'x exits before y', passed: false, sampled: true as const, rationale: 'x was never seen running' }];
    expect(rerunCause(blind(1300), unseen)).toBe("the grader could not look at the test's processes for 1.3 s, so a process that lived less than that may have come and gone unseen; load 4.0 on 2 CPUs");
    // every few ms a look: what was not seen was not there
    expect(rerunCause(blind(40), unseen)).toBeUndefined();
    // a failure that no missed process explains stands
    expect(rerunCause(blind(1300), [{ title: 'exit', passed: false, rationale: 'exited 1' }])).toBeUndefined();
  });
});
