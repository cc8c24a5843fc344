// `npm run bench:reliability [-- --repeat N --busy K --minutes M]`: the references (TypeScript) and the known
// correct C solutions, each graded N times while K busy processes per CPU run (plain busy loops
// this bench starts and kills) and both gradings run side by side. Counts false failures (a
// correct program not passing) and how the others were rescued: re-run alone (TestResult.rerun),
// or a wait or timeout that ran past its own limit and held only because load-aware time stretched
// it by the CPU waits (TestResult.stretched). A pass with neither is one the timing model did not need.
import { spawn, type ChildProcess } from 'node:child_process';
import { usableCpus } from '../harness/usable-cpus.js';
import { join } from 'node:path';
import { gradeSubmission } from '../grader/grade.js';
import { asSubmission, knownSolutions } from '../grader/solutions.js';
import { packageRoot } from '../harness/settings.js';
import { exitOnSignals, onStop } from '../harness/interrupt.js';
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
/** No new round starts after this many minutes (0: no limit): a gate that must fit a time box still ends with its summary. */
const minutes = option('--minutes', 0);
const catalogue = loadCatalogue();

interface Tally { tests: number; falseFailures: string[]; rescuedByRerun: string[]; rescuedByStretch: string[]; perExercise: Map<string, { tests: number; falseFailures: number; rerun: number; stretched: number }> }

function tally(t: Tally, label: string, r: GradeResult): void {
  for (const ex of r.exercises) for (const test of ex.tests) {
    t.tests++;
    const name = `${label} ${ex.id}/${test.name}`;
    const e = t.perExercise.get(ex.id) ?? { tests: 0, falseFailures: 0, rerun: 0, stretched: 0 };
    t.perExercise.set(ex.id, e);
    e.tests++;
    if (test.status !== 'passed') {
      e.falseFailures++;
      t.falseFailures.push(`${name}: ${test.reason ?? test.status}`);
    } else if (test.rerun) {
      e.rerun++;
      t.rescuedByRerun.push(`${name} (${test.rerun.load})`);
    } else if (test.stretched) {
      e.stretched++;
      t.rescuedByStretch.push(`${name} (${test.stretched.budgets} budget(s), up to ${(test.stretched.beyondMs / 1000).toFixed(1)} s past the limit)`);
    }
  }
}

function startBusy(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
}

async function main(): Promise<void> {
  // a bench stopped with ^C or SIGTERM ends its busy processes and its gradings' tests too, and removes their folders
  exitOnSignals();
  const busy = startBusy(busyPerCpu * usableCpus());
  onStop(async () => {
    for (const b of busy) b.kill('SIGKILL');
  });
  const t: Tally = { tests: 0, falseFailures: [], rescuedByRerun: [], rescuedByStretch: [], perExercise: new Map() };
  const started = Date.now();
  let rounds = 0;
  try {
    for (let round = 1; round <= repeat && !(minutes && Date.now() - started >= minutes * 60_000); round++) {
      rounds = round;
      const before = t.falseFailures.length;
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
      // a line per round, with its false failures: a run cut short still says what it measured
      for (const f of t.falseFailures.slice(before)) console.log(`  false failure: ${f}`);
      console.log(`round ${round}/${repeat}: ${t.tests} tests, ${t.falseFailures.length} false failure(s), ${t.rescuedByRerun.length} re-run alone, ${t.rescuedByStretch.length} stretched, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    for (const b of busy) b.kill('SIGKILL');
  }
  console.log(`reliability: ${rounds} round(s)${rounds < repeat ? ` of ${repeat} asked (--minutes ${minutes})` : ''}, ${busyPerCpu} busy process(es) per CPU (${usableCpus()} CPUs), references and correct C solutions side by side, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`  tests run:         ${t.tests}`);
  console.log(`  false failures:    ${t.falseFailures.length}`);
  for (const f of t.falseFailures) console.log(`    ${f}`);
  console.log(`  rescued by re-run alone: ${t.rescuedByRerun.length}`);
  for (const f of t.rescuedByRerun) console.log(`    ${f}`);
  console.log(`  rescued by a stretched budget: ${t.rescuedByStretch.length}`);
  for (const f of t.rescuedByStretch) console.log(`    ${f}`);
  console.log('  per exercise (tests, false failures, re-run alone, stretched):');
  for (const [id, e] of [...t.perExercise].sort()) console.log(`    ${id.padEnd(16)} ${String(e.tests).padStart(4)} ${String(e.falseFailures).padStart(4)} ${String(e.rerun).padStart(4)} ${String(e.stretched).padStart(4)}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(3);
});
