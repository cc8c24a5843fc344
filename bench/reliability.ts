// `npm run bench:reliability [-- --repeat N --busy K]`: the references (TypeScript) and the known
// correct C solutions, each graded N times while K busy processes per CPU run (plain busy loops
// this bench starts and kills) and both gradings run side by side. Counts false failures (a
// correct program not passing) and how the others were rescued: re-run alone (TestResult.rerun).
// Stretched budgets rescue silently; their share shows as the tests that passed under load.
import { spawn, type ChildProcess } from 'node:child_process';
import { usableCpus } from '../harness/usable-cpus.js';
import { join } from 'node:path';
import { gradeSubmission } from '../grader/grade.js';
import { asSubmission, knownSolutions } from '../grader/solutions.js';
import { packageRoot } from '../harness/settings.js';
import { loadCatalogue } from '../harness/spec/load.js';
import type { GradeResult } from '../grader/model.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`${name} takes a whole number\n`);
    process.exit(2);
  }
  return v;
}

const repeat = option('--repeat', 2);
const busyPerCpu = option('--busy', 2);
const catalogue = loadCatalogue();

interface Tally { tests: number; falseFailures: string[]; rescuedByRerun: string[] }

function tally(t: Tally, label: string, r: GradeResult): void {
  for (const ex of r.exercises) for (const test of ex.tests) {
    t.tests++;
    const name = `${label} ${ex.id}/${test.name}`;
    if (test.status !== 'passed') t.falseFailures.push(`${name}: ${test.reason ?? test.status}`);
    else if (test.rerun) t.rescuedByRerun.push(`${name} (${test.rerun.load})`);
  }
}

function startBusy(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

async function main(): Promise<void> {
  const busy = startBusy(busyPerCpu * usableCpus());
  const t: Tally = { tests: 0, falseFailures: [], rescuedByRerun: [] };
  const started = Date.now();
  try {
    for (let round = 1; round <= repeat; round++) {
      const refs = gradeSubmission(join(packageRoot(), 'reference'), { catalogue }).then((r) => tally(t, `reference#${round}`, r));
      const correct = (async () => {
        for (const ex of catalogue) for (const s of knownSolutions(ex).filter((k) => !k.fails.length && !k.mayFail.length)) {
          const sub = asSubmission(s);
          try {
            tally(t, `${s.exercise}:${s.name}#${round}`, await gradeSubmission(sub.dir, { catalogue, exercises: [s.exercise] }));
          } finally {
            sub.remove();
          }
        }
      })();
      await Promise.all([refs, correct]);
    }
  } finally {
    for (const b of busy) b.kill('SIGKILL');
  }
  console.log(`reliability: ${repeat} round(s), ${busyPerCpu} busy process(es) per CPU (${usableCpus()} CPUs), references and correct C solutions side by side, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`  tests run:         ${t.tests}`);
  console.log(`  false failures:    ${t.falseFailures.length}`);
  for (const f of t.falseFailures) console.log(`    ${f}`);
  console.log(`  rescued by re-run alone: ${t.rescuedByRerun.length}`);
  for (const f of t.rescuedByRerun) console.log(`    ${f}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(3);
});
