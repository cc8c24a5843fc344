// Known solutions kept with each exercise: exercises/<id>/solutions/<name>/ with solution.yaml.
import { yamlLib } from '../harness/lazy.js';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedExercise } from '../harness/spec/load.js';

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
  const dir = mkdtempSync(join(tmpdir(), 'ipclab-sub-'));
  cpSync(s.dir, join(dir, s.exercise), { recursive: true, filter: (p) => !p.endsWith('solution.yaml') });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
