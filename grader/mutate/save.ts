// `--save <name>`: a survivor written as a candidate known solution, for the instructor to add a
// test that kills it (then declare which it fails) or to declare it equivalent instead.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { yamlLib } from '../../harness/lazy.js';
import type { LoadedExercise } from '../../harness/spec/load.js';
import { UsageError } from '../errors.js';
import { solutionFiles, type Mutant } from './mutants.js';

/** Writes solutions/<name>/ (one survivor) or <name>-1, <name>-2, … (several); the folders written. */
export function saveSurvivors(ex: LoadedExercise, survivors: Mutant[], name: string): string[] {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new UsageError(`--save ${name}: a solution name is lower-case letters, digits and dashes`);
  const files = solutionFiles(join(ex.dir, 'solutions', 'correct'));
  return survivors.map((m, i) => {
    const dir = join(ex.dir, 'solutions', survivors.length === 1 ? name : `${name}-${i + 1}`);
    if (existsSync(dir)) throw new UsageError(`${dir} exists already`);
    mkdirSync(dir, { recursive: true });
    for (const [f, text] of files) writeFileSync(join(dir, f), f === m.file ? m.text : text);
    const description = `Candidate from mutant ${m.key} (${m.file}:${m.line}, ${m.operator}: ${m.what}), which no test kills yet.`;
    writeFileSync(join(dir, 'solution.yaml'), yamlLib().stringify({ description, fails: [] }));
    return dir;
  });
}
