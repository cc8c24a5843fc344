// What an exercise folder must hold besides its spec, so that instructors can trust it:
// a statement, starter code, and known solutions, each with its solution.yaml.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LoadedExercise } from './load.js';

export function folderProblems(ex: LoadedExercise, displayRoot = process.cwd()): string[] {
  const out: string[] = [];
  const show = (p: string) => relative(displayRoot, p) || p;
  if (!existsSync(join(ex.dir, 'README.md'))) out.push(`${show(ex.dir)}: no README.md (the student's statement)`);
  if (!existsSync(join(ex.dir, 'starter'))) out.push(`${show(ex.dir)}: no starter/ folder`);
  const solutions = join(ex.dir, 'solutions');
  if (!existsSync(solutions)) return out;
  for (const name of readdirSync(solutions, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const meta = join(solutions, name, 'solution.yaml');
    // what solution.yaml says is checked by grader/solutions.ts solutionProblems, with positions
    if (!existsSync(meta)) out.push(`${show(join(solutions, name))}: no solution.yaml (description, fails, may_fail)`);
  }
  if (!existsSync(join(solutions, 'correct'))) out.push(`${show(solutions)}: no correct/ solution`);
  return out;
}
