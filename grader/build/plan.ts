// What a build runs: `make` when the exercise folder has a Makefile, else one cc line per C program.
// Pure: it looks only at the names of the files copied, never at their contents.
import type { ExerciseSpec } from '../../harness/spec/types.js';

export const CC_FLAGS = ['-std=gnu11', '-Wall', '-Wextra', '-O2'];

export interface BuildStep {
  /** `make`, `cc <program>` or `tsc`. */
  label: string;
  argv: string[];
  /** How the log names the step, when not by its command line. */
  shown?: string;
  /** Host folders the step reads (read-only binds in the sandbox). */
  readOnly?: string[];
}

/** Programs with both a .c and a .ts: ipclab cannot tell which one to build. */
export function ambiguousPrograms(spec: ExerciseSpec, files: Set<string>): string[] {
  return spec.programs.filter((p) => files.has(`${p}.c`) && files.has(`${p}.ts`));
}

/** Programs built from TypeScript (transpiled, not run in the sandbox). */
export function typescriptPrograms(spec: ExerciseSpec, files: Set<string>, ambiguous: string[]): string[] {
  return spec.programs.filter((p) => files.has(`${p}.ts`) && !ambiguous.includes(p));
}

/** The steps to run in the sandbox; the cc lines are independent of one another. */
export function buildSteps(spec: ExerciseSpec, files: Set<string>, ambiguous: string[]): BuildStep[] {
  if (files.has('Makefile') || files.has('makefile') || files.has('GNUmakefile')) return [{ label: 'make', argv: ['make'] }];
  const programC = new Set(spec.programs.map((p) => `${p}.c`));
  const shared = [...files].filter((f) => f.endsWith('.c') && !programC.has(f)).sort();
  return spec.programs
    .filter((p) => !ambiguous.includes(p) && files.has(`${p}.c`))
    .map((p) => ({ label: `cc ${p}`, argv: ['cc', ...CC_FLAGS, '-o', p, `${p}.c`, ...shared, '-lrt', '-pthread'] }));
}
