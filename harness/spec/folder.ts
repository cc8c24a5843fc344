// What an exercise folder must hold besides its spec, so that instructors can trust it:
// a statement, starter code, and known solutions whose declarations name real tests.
import { yamlLib } from '../lazy.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LoadedExercise } from './load.js';

export function folderProblems(ex: LoadedExercise, displayRoot = process.cwd()): string[] {
  const out: string[] = [];
  const show = (p: string) => relative(displayRoot, p) || p;
  const tests = new Set(ex.spec.tests.map((t) => t.name));
  if (!existsSync(join(ex.dir, 'README.md'))) out.push(`${show(ex.dir)}: no README.md (the student's statement)`);
  if (!existsSync(join(ex.dir, 'starter'))) out.push(`${show(ex.dir)}: no starter/ folder`);
  const solutions = join(ex.dir, 'solutions');
  if (!existsSync(solutions)) return out;
  for (const name of readdirSync(solutions, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const meta = join(solutions, name, 'solution.yaml');
    if (!existsSync(meta)) {
      out.push(`${show(join(solutions, name))}: no solution.yaml (description, fails, may_fail)`);
      continue;
    }
    let data: { description?: unknown; fails?: unknown; may_fail?: unknown };
    try {
      data = yamlLib().parse(readFileSync(meta, 'utf8')) ?? {};
    } catch (err) {
      out.push(`${show(meta)}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      continue;
    }
    if (typeof data.description !== 'string') out.push(`${show(meta)}: description: say what this solution does (wrong)`);
    for (const field of ['fails', 'may_fail'] as const) {
      const list = data[field] ?? [];
      if (!Array.isArray(list)) {
        out.push(`${show(meta)}: ${field}: must be a list of test names`);
        continue;
      }
      for (const t of list) if (!tests.has(String(t))) out.push(`${show(meta)}: ${field}: no test named "${t}" in ${ex.spec.id}`);
    }
  }
  if (!existsSync(join(solutions, 'correct'))) out.push(`${show(solutions)}: no correct/ solution`);
  return out;
}
