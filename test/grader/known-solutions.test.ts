// Every known solution fails exactly the tests it declares (the correct one: none), and its report
// leads with the cause it declares (solution.yaml `cause:`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';
import { gradeSubmission } from '../../grader/grade.js';
import { asSubmission, causeMismatch, knownSolutions } from '../../grader/solutions.js';

const catalogue = loadCatalogue();
const cases = catalogue.flatMap((ex) => knownSolutions(ex).map((s) => [`${s.exercise}/${s.name}`, s] as const));

describe('known solutions', () => {
  it('every exercise ships a correct solution and at least one buggy one', () => {
    for (const ex of catalogue) {
      const names = knownSolutions(ex).map((s) => s.name);
      expect(names).toContain('correct');
      expect(names.length).toBeGreaterThan(1);
    }
  });

  it.each(cases)('%s fails exactly its declared tests, led by its declared cause', async (_name, s) => {
    // a correct solution that is the reference byte for byte: references.test.ts grades those very sources
    if (s.fails.length === 0 && sameAsReference(s.dir, s.exercise)) return;
    const sub = asSubmission(s);
    try {
      const result = await gradeSubmission(sub.dir, { exercises: [s.exercise], catalogue });
      const tests = result.exercises[0].tests;
      expect(tests.filter((t) => t.status === 'error')).toEqual([]);
      const failed = tests.filter((t) => t.status !== 'passed').map((t) => t.name);
      // racy bugs may or may not show in one run; everything else is exact
      expect(failed.filter((n) => !s.mayFail.includes(n)).sort()).toEqual([...s.fails].sort());
      expect(causeMismatch(s, tests)).toBeUndefined();
    } finally {
      sub.remove();
    }
  }, 120000);
});

/** Whether the solution's sources are exactly the reference's (every file but solution.yaml, nothing more). */
function sameAsReference(dir: string, exercise: string): boolean {
  const ref = join(packageRoot(), 'reference', exercise);
  const mine = readdirSync(dir).filter((f) => f !== 'solution.yaml').sort();
  let theirs: string[];
  try {
    theirs = readdirSync(ref).sort();
  } catch {
    return false;
  }
  return mine.length > 0 && mine.join('\0') === theirs.join('\0') && mine.every((f) => readFileSync(join(dir, f)).equals(readFileSync(join(ref, f))));
}
