// Re-run before blame, for steps that came late: when ipclab itself could not run, a step that
// reacts to a report (signal a process once it has printed a line) comes late, and the program
// may have gone on meanwhile; whatever check then fails, the test runs again alone.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
    starvedMs: 0, stalledMs: 0, wallMs: 5000, maxLoad1: 4, cpus: 2, overloaded: false, stretched: { budgets: 0, beyondMs: 0 }, lateMs, relayMs,
  });
  const obs = (load: Observation['load']) => ({ load } as unknown as Observation);

  it('lets a failure stand when ipclab saw every report in time, or was late without being held up', () => {
    expect(rerunCause(obs(facts(40, 2000)))).toBeUndefined();
    // late because the test's own flood kept ipclab busy reading, not because it could not run
    expect(rerunCause(obs(facts(900, 30)))).toBeUndefined();
    expect(rerunCause(obs(facts(900, 1200)))).toBe("the grader itself could not run for 1.2 s, so it saw what the programs did up to 0.9 s late and the test's steps came that late too; load 4.0 on 2 CPUs");
  });
});
