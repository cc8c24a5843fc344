// The TypeScript references are graded exactly like a student's submission, and pass.
import { join } from 'node:path';
import { gradeSubmission } from '../../grader/grade.js';
import { packageRoot } from '../../harness/settings.js';

describe('reference solutions', () => {
  it('pass every test of every exercise they cover', async () => {
    const result = await gradeSubmission(join(packageRoot(), 'reference'));
    const bad = result.exercises.flatMap((e) => e.tests.filter((t) => t.status !== 'passed').map((t) => `${e.id}/${t.name}: ${t.reason}`));
    expect(bad).toEqual([]);
    expect(result.points).toBe(result.maxPoints);
  }, 400_000); // ~90 s alone; beside the rest of the suite on 2 CPUs, twice that or more
});
