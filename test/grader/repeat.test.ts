// `repeat: N` runs a test up to N times and stops at the first failing run, saying which;
// `--repeat N` runs all N, within a budget for the whole grading.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExercise } from '../../grader/build/build.js';
import { gradeTest } from '../../grader/grade.js';
import { testLine } from '../../grader/report/terminal.js';
import { repeatBudgetHit } from '../../grader/wording.js';
import { createColors } from 'picocolors';
import type { LoadedExercise } from '../../harness/spec/load.js';
import { inFallbackMode } from '../helpers.js';

// The program counts its runs in a file on the host: an isolated run sees no host file and keeps
// nothing between runs, so this test grades in fallback mode.
inFallbackMode();

describe('repeated tests', () => {
  it('stop at the first failing run and say which run failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-repeat-'));
    try {
      mkdirSync(join(dir, 'flip'));
      // passes twice, then fails: a counter file shared across runs
      const counter = join(dir, 'count');
      writeFileSync(counter, '0');
      writeFileSync(join(dir, 'flip', 'flip.c'), `#include <stdio.h>
int main(void) { FILE *f = fopen("${counter}", "r+"); int n = 0; if (!f || fscanf(f, "%d", &n) != 1) return 9;
  rewind(f); fprintf(f, "%d", n + 1); fclose(f); return n >= 2; }
`);
      const { chmodSync } = await import('node:fs');
      chmodSync(dir, 0o755);
      chmodSync(counter, 0o666);
      const ex: LoadedExercise = {
        file: join(dir, 'exercise.yaml'), dir,
        spec: { id: 'flip', title: 'flip', programs: ['flip'], tests: [] },
      };
      const test = { name: 'r', title: 'r', points: 1, repeat: 5, processes: { main: { run: ['flip'] } }, checks: [{ exit: { process: 'main', code: 0 } }] };
      const build = await buildExercise(dir, ex.spec);
      try {
        const r = await gradeTest(ex, test, build);
        expect(r.status).toBe('failed');
        expect(r.runs).toEqual({ total: 3, failed: 1 });
        expect(r.reason).toMatch(/^run 3 of 5: expected `main` to exit with status 0, but it exited with status 1/);
        // --repeat: every run, then flaky or deterministic (the program fails from its third call on)
        writeFileSync(counter, '0');
        const all = await gradeTest(ex, { ...test, repeat: undefined }, build, { repeat: 4, submission: 'sub', perturb: { hogs: 1, jitterMs: 2 } });
        expect(all.runs).toEqual({ total: 4, failed: 2 });
        expect(all.reason).toMatch(/^failed 2 of 4 runs \(a race: it passes by luck in the others\); reproduce with `ipclab grade sub --exercise flip --test r --repeat 4 --perturb`/);
        writeFileSync(counter, '5');
        const always = await gradeTest(ex, { ...test, repeat: undefined }, build, { repeat: 3 });
        expect(always.reason).toMatch(/^failed all 3 runs: /);
        // --repeat's budget for the whole grading: past it no further run starts, and the test says how many it had
        writeFileSync(counter, '0');
        const cut = await gradeTest(ex, { ...test, repeat: undefined }, build, {
          repeat: 5,
          get repeatUntil() {
            return Number(readFileSync(counter, 'latin1')) >= 2 ? 0 : Infinity; // the budget ends with the second run
          },
        });
        expect({ status: cut.status, runs: cut.runs }).toEqual({ status: 'passed', runs: { total: 2, failed: 0, of: 5 } });
        expect(testLine(cut, createColors(false))).toBe('  ✔ r — r 1/1 (2 runs, 3 more not run: --repeat\'s budget ran out)');
        writeFileSync(counter, '0');
        const once = await gradeTest(ex, { ...test, repeat: undefined }, build, { repeat: 5, repeatUntil: 0 });
        expect(once.runs).toEqual({ total: 1, failed: 0, of: 5 });
        expect(repeatBudgetHit(60 * 60_000, 5, 1)).toBe("--repeat 5 stopped early: its budget for the whole grading (60 min, --repeat-budget) ran out, so 1 test ran fewer than 5 times (each says how many); a verdict rests on the runs made");
      } finally {
        build.cleanup();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
