// What the build made, per program of the exercise: built (and in which language), or missing
// with a reason that names the file.
import { join } from 'node:path';
import type { ExerciseSpec } from '../../harness/spec/types.js';
import { notRunnable } from './tree.js';

export type Language = 'c' | 'ts' | 'make';

export interface BuiltProgram {
  name: string;
  language: Language;
}

export interface Programs {
  programs: Map<string, BuiltProgram>;
  /** Program → why it is missing, in words that name the file. */
  missing: Map<string, string>;
}

/** What a test runs is the entry `bin/<program>` itself: a regular executable file, never a link. */
export function checkPrograms(spec: ExerciseSpec, binDir: string, files: Set<string>, tsPrograms: string[], made: boolean, result: Programs): void {
  for (const p of spec.programs) {
    if (result.missing.has(p)) continue;
    const why = notRunnable(join(binDir, p));
    if (!why) {
      result.programs.set(p, { name: p, language: tsPrograms.includes(p) ? 'ts' : files.has(`${p}.c`) ? 'c' : 'make' });
    } else if (files.has(`${p}.c`) || files.has(`${p}.ts`) || made) {
      result.missing.set(p, why === 'was not built' ? `\`${p}\` was not built (see the build log)` : `\`${p}\` was not built: \`${spec.id}/${p}\` ${why}`);
    } else {
      result.missing.set(p, `no ${p}.c (or ${p}.ts) in \`${spec.id}/\`: the program \`${p}\` is missing`);
    }
  }
}

/** Both p.c and p.ts: the program is missing, and the log says why. Returns the log lines. */
export function markAmbiguous(spec: ExerciseSpec, ambiguous: string[], result: Programs): string[] {
  return ambiguous.map((p) => {
    result.missing.set(p, `\`${spec.id}/\` holds both ${p}.c and ${p}.ts: keep only one`);
    return `${spec.id}/${p}: both ${p}.c and ${p}.ts exist — ipclab cannot tell which one to build`;
  });
}

/**
 * The programs a failed type check leaves unbuilt: each whose own file has an error, and all of
 * them for an error elsewhere (a shared module, an option) or a check that did not finish (no files).
 */
export function markTypeErrors(spec: ExerciseSpec, tsPrograms: string[], files: Set<string> | undefined, result: Programs): void {
  const shared = !files || [...files].some((f) => !tsPrograms.some((p) => f === `${p}.ts`));
  for (const p of tsPrograms) {
    if (result.missing.has(p)) continue;
    if (!files) result.missing.set(p, `\`${p}\` was not built: the type check did not finish (see the build log)`);
    else if (files.has(`${p}.ts`)) result.missing.set(p, `\`${p}\` was not built: \`${spec.id}/${p}.ts\` has type errors (see the build log)`);
    else if (shared) result.missing.set(p, `\`${p}\` was not built: the type check of \`${spec.id}/\` found errors (see the build log)`);
  }
}

/** A submission ipclab will not build: every program is missing, for the reasons given. */
export function markUnbuildable(spec: ExerciseSpec, problems: string[], result: Programs): void {
  const why = problems.length > 1 ? `${problems[0]} (and more: see the build log)` : problems[0];
  for (const p of spec.programs) result.missing.set(p, `\`${p}\` was not built: ${why}`);
}
