// Equivalent mutants an instructor declared: mutants with no observable change, which no test can
// kill. They live in the correct solution's solution.yaml:
//   equivalent_mutants:
//     - mutant: delete-call:pipe_copy.c:d78481a5
//       reason: the child's _exit closes rfd anyway
import { readFileSync } from 'node:fs';
import { yamlLib } from '../../harness/lazy.js';
import { UsageError } from '../errors.js';

/** Declared key → its reason. */
export function declaredEquivalents(solutionYaml: string): Map<string, string> {
  const meta = (yamlLib().parse(readFileSync(solutionYaml, 'utf8')) ?? {}) as { equivalent_mutants?: unknown };
  const list = meta.equivalent_mutants ?? [];
  if (!Array.isArray(list)) throw new UsageError(`${solutionYaml}: equivalent_mutants: must be a list of { mutant, reason }`);
  const out = new Map<string, string>();
  for (const [i, e] of list.entries()) {
    const { mutant, reason } = (e ?? {}) as { mutant?: unknown; reason?: unknown };
    if (typeof mutant !== 'string' || typeof reason !== 'string' || !reason.trim()) {
      throw new UsageError(`${solutionYaml}: equivalent_mutants[${i}]: needs mutant (its key, as \`ipclab verify --mutate\` prints it) and a one-line reason`);
    }
    out.set(mutant, reason.trim());
  }
  return out;
}
