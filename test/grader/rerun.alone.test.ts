// Re-run before blame: a test that ran out of time on an overloaded machine (forced here with the
// init's busy processes, spec `pressure`) runs again alone, and that run's verdict is the one shown.
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExercise } from '../../grader/build/build.js';
import { gradeTest } from '../../grader/grade.js';
import type { LoadedExercise } from '../../harness/spec/load.js';
import { inFallbackMode } from '../helpers.js';

// The program tells its first run from the re-run by a counter file on the host: an isolated run
// sees no host file and keeps nothing between runs, so this test grades in fallback mode.
inFallbackMode();

describe('re-run before blame', () => {
  it('re-runs a test that timed out under overload alone, and reports the re-run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-rerun-'));
    try {
      mkdirSync(join(dir, 'once'));
      // spins forever on its first call, exits 0 after: a counter file shared across runs
      const counter = join(dir, 'count');
      writeFileSync(counter, '0');
      writeFileSync(join(dir, 'once', 'once.c'), `#include <stdio.h>
int main(void) { FILE *f = fopen("${counter}", "r+"); int n = 0; if (!f || fscanf(f, "%d", &n) != 1) return 9;
  rewind(f); fprintf(f, "%d", n + 1); fclose(f); if (n == 0) for (;;) {} return 0; }
`);
      chmodSync(dir, 0o755);
      chmodSync(counter, 0o666);
      const ex: LoadedExercise = { file: join(dir, 'exercise.yaml'), dir, spec: { id: 'once', title: 'once', programs: ['once'], tests: [] } };
      const test = { name: 'r', title: 'r', points: 1, timeout: '1s', pressure: { cpus: 1, hogs: 3 }, processes: { main: { run: ['once'] } }, checks: [{ exit: { process: 'main', code: 0 } }] };
      const build = await buildExercise(dir, ex.spec);
      try {
        const runLock = join(dir, 'alone.lock');
        const r = await gradeTest(ex, test, build, { runLock });
        expect(r.status).toBe('passed');
        expect(r.rerun?.load).toMatch(/^its processes waited \d+\.\d s for a CPU in \d+\.\d s; load \d+\.\d on \d+ CPUs?$/);
        expect(r.rerun?.firstReason).toMatch(/did not finish within 1 s/);
        // failing again: the reason says the machine, not the student, came first
        writeFileSync(counter, '0');
        const spin = { ...test, processes: { main: { run: ['sh', '-c', 'while :; do :; done'] } } };
        const again = await gradeTest(ex, spin, build, { runLock });
        // failed (a busy loop) — or, when the machine beside this test is busy too, still starved by others
        expect(['failed', 'error']).toContain(again.status);
        expect(again.reason).toMatch(/^the machine was overloaded during the first run \(its processes waited .*\), which is not your program's doing, so the test was run again alone; this verdict comes from that re-run: (the machine grading this was too busy to run the test in time \(not your fault\): )?the test did not finish within 1 s/);
        // without a lock there is no re-run
        writeFileSync(counter, '0');
        const plain = await gradeTest(ex, test, build);
        // its first run spins: failed, or an error of the machine when other tests keep it busy too
        expect(['failed', 'error']).toContain(plain.status);
        expect(plain.rerun).toBeUndefined();
      } finally {
        build.cleanup();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
