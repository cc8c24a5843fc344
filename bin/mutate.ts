// `ipclab verify --mutate`: the mutation score of each chosen exercise, survivors as diffs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedExercise } from '../harness/spec/load.js';
import { UsageError } from '../grader/errors.js';

export interface MutateFlags { operator?: string[]; save?: string; cache: boolean; jobs?: number }

export async function verifyMutants(chosen: LoadedExercise[], catalogue: LoadedExercise[], o: MutateFlags): Promise<boolean> {
  // loaded only here: the parser's WebAssembly is not for every command
  const { OPERATOR_NAMES } = await import('../grader/mutate/operators.js');
  const { mutateExercise } = await import('../grader/mutate/run.js').catch((err: unknown) => {
    // the parser is a development dependency: the catalogue's source checkout has it, as it has the solutions
    if ((err as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') throw new UsageError('--mutate needs the parser (web-tree-sitter, tree-sitter-c): run `npm ci` in ipclab\'s source checkout');
    throw err;
  });
  const { progressLine, renderMutation } = await import('../grader/mutate/render.js');
  const { saveSurvivors } = await import('../grader/mutate/save.js');
  const unknown = (o.operator ?? []).filter((n) => !(OPERATOR_NAMES as string[]).includes(n));
  if (unknown.length) throw new UsageError(`no mutation operator ${unknown.join(', ')} (known: ${OPERATOR_NAMES.join(', ')})`);
  const bare = chosen.filter((ex) => !existsSync(join(ex.dir, 'solutions', 'correct'))).map((ex) => ex.spec.id);
  if (bare.length) throw new UsageError(`${bare.join(', ')}: no solutions/correct/ to mutate (it lives only in the catalogue's source checkout)`);
  const tty = process.stderr.isTTY;
  let ok = true;
  for (const ex of chosen) {
    const seen: Parameters<typeof progressLine>[3] = [];
    const r = await mutateExercise(ex, {
      catalogue,
      operators: o.operator as typeof OPERATOR_NAMES | undefined,
      jobs: o.jobs,
      cache: o.cache ? undefined : null,
      onMutant: (done, total, m) => {
        seen.push(m);
        if (tty) process.stderr.write(`\r\x1b[K${progressLine(ex.spec.id, done, total, seen)}`);
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    console.log(renderMutation(r));
    ok &&= !r.results.some((x) => x.outcome.status === 'error') && r.unmatched.length === 0;
    const survivors = r.results.filter((x) => x.outcome.status === 'survived').map((x) => x.mutant);
    if (o.save && survivors.length) for (const d of saveSurvivors(ex, survivors, o.save)) console.log(`  saved ${d}`);
  }
  return ok;
}
