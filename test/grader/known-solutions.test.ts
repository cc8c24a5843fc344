// Every known solution fails exactly the tests it declares (the correct one: none), and its report
// leads with the cause it declares (solution.yaml `cause:`).
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
