// The feedback tally (issue 16): grades the first declared failing test of every known buggy
// solution and prints, per solution, the cause it declares, the cause its report led with, and
// the report's leading lines, then how many led with their declared cause. With --record DIR it
// also writes each run's Observation (DIR/<exercise>.<solution>.json) and the report a student
// reads of it (.txt), which test/grader/report/recorded.test.ts re-judges without processes.
//
//   node dist/bench/feedback-tally.js [--record DIR] [exercise[/solution] ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../harness/spec/load.js';
import { gradeSubmission } from '../grader/grade.js';
import { asSubmission, causeMismatch, knownSolutions, type KnownSolution } from '../grader/solutions.js';
import { observationToJson } from '../harness/run/observation-json.js';
import { blocksToText, studentBlocks, studentView } from '../grader/report/student-view.js';
import type { Observation } from '../harness/run/observation.js';
import type { TestResult } from '../grader/model.js';

/** The text of a test's report as the recorded-run test compares it: every block, unclipped, pids kept. */
export function reportText(t: TestResult): string {
  return blocksToText(studentBlocks(studentView(t)), 100_000);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--record');
  const record = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const catalogue = loadCatalogue();
  const wanted = (s: KnownSolution) => !args.length || args.some((a) => a === s.exercise || a === `${s.exercise}/${s.name}`);
  const solutions = catalogue.flatMap((ex) => knownSolutions(ex).filter((s) => s.fails.length && wanted(s)).map((s) => ({ ex, s })));
  if (record) mkdirSync(record, { recursive: true });
  let led = 0;
  for (const { ex, s } of solutions) {
    const first = ex.spec.tests.find((t) => s.fails.includes(t.name))!.name;
    const sub = asSubmission(s);
    let obs: Observation | undefined;
    try {
      const r = await gradeSubmission(sub.dir, { exercises: [s.exercise], tests: [first], catalogue, onObservation: (_e, _t, o) => (obs = o) });
      const t = r.exercises[0]?.tests[0];
      const ok = !!t && !causeMismatch(s, [t]);
      led += ok ? 1 : 0;
      const lines = t ? reportText(t).split('\n') : ['(no result)'];
      console.log(`${ok ? '✔' : '✘'} ${s.exercise}/${s.name} ${first}: declared ${s.cause ?? '-'}, led ${t?.cause ?? t?.findings.find((f) => !f.passed && f.cause)?.cause ?? '-'} (${t?.status})`);
      for (const l of lines.slice(0, 3)) console.log(`    ${l.slice(0, 240)}`);
      if (record && obs && t) {
        const base = join(record, `${s.exercise}.${s.name}`);
        writeFileSync(`${base}.json`, observationToJson(obs) + '\n');
        writeFileSync(`${base}.txt`, `${reportText(t)}\n`);
      }
    } finally {
      sub.remove();
    }
  }
  console.log(`\n${led} of ${solutions.length} known buggy solutions led with their declared cause`);
}

if (process.argv[1]?.endsWith('feedback-tally.js')) await main();
