// The loader's errors for a fixture spec, formatted as the CLI prints them.
import { join } from 'node:path';
import { loadExerciseFile, SpecErrors, formatSpecError } from '../../harness/spec/load.js';

export const fixtures = join(import.meta.dirname ?? __dirname, '..', 'fixtures', 'specs');

export function errorsOf(file: string): string[] {
  try {
    loadExerciseFile(join(fixtures, file), fixtures);
  } catch (err) {
    if (err instanceof SpecErrors) return err.errors.map(formatSpecError);
    throw err;
  }
  throw new Error(`${file} loaded without errors`);
}
