// Known solutions kept with each exercise: exercises/<id>/solutions/<name>/ with solution.yaml.
import { yamlLib } from '../harness/lazy.js';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedExercise } from '../harness/spec/load.js';
import { releaseTempFolder, tempFolder } from '../harness/interrupt.js';

export interface KnownSolution {
  exercise: string;
  name: string;
  dir: string;
  fails: string[];
  mayFail: string[];
}

export function knownSolutions(ex: LoadedExercise): KnownSolution[] {
  const root = join(ex.dir, 'solutions');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort().map((name) => {
    const meta = yamlLib().parse(readFileSync(join(root, name, 'solution.yaml'), 'utf8')) ?? {};
    return { exercise: ex.spec.id, name, dir: join(root, name), fails: meta.fails ?? [], mayFail: meta.may_fail ?? [] };
  });
}

/** Lays a solution out as a submission: <tmp>/<exercise>/<sources>. */
export function asSubmission(s: KnownSolution): { dir: string; remove(): void } {
  const dir = tempFolder('ipclab-sub-'); // removed on a signal to `ipclab verify` too
  cpSync(s.dir, join(dir, s.exercise), { recursive: true, filter: (p) => !p.endsWith('solution.yaml') });
  return { dir, remove: () => releaseTempFolder(dir) };
}
