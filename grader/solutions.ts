// Known solutions kept with each exercise: exercises/<id>/solutions/<name>/ with solution.yaml.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatSpecError, type LoadedExercise } from '../harness/spec/load.js';
import { readSolutionMeta, SOLUTION_LANGUAGES } from '../harness/spec/solution-meta.js';
import { releaseTempFolder, tempFolder } from '../harness/interrupt.js';
import type { TestResult } from './model.js';
import { unknownCause } from './causes.js';
import { UsageError } from './errors.js';

export interface KnownSolution {
  exercise: string;
  name: string;
  dir: string;
  fails: string[];
  mayFail: string[];
  /** The cause (grader/causes.yaml) the report of its first failing declared test must lead with. */
  cause?: string;
}

export function knownSolutions(ex: LoadedExercise): KnownSolution[] {
  return solutionFolders(ex).map(({ name, file }) => {
    if (!existsSync(file)) throw new UsageError(`${shownPath(file)}: no such file (description, fails, may_fail)`);
    const { meta, problems } = readMeta(ex, file);
    // a missing description is for `ipclab validate` to say; the declarations are what verify needs
    const wrong = problems.find((p) => p.field !== 'description');
    if (wrong) throw new UsageError(formatSpecError(wrong));
    const dir = join(ex.dir, 'solutions', name);
    const language = languageProblem(meta.language, dir);
    if (language) throw new UsageError(`${shownPath(file)}: ${language}`);
    return { exercise: ex.spec.id, name, dir, fails: meta.fails, mayFail: meta.may_fail, ...(meta.cause !== undefined ? { cause: meta.cause } : {}) };
  });
}

/** Every mistake in the exercise's solution.yaml files, one line each with its line and column (`ipclab validate`). */
export function solutionProblems(ex: LoadedExercise): string[] {
  // a missing solution.yaml is harness/spec/folder.ts's to say
  return solutionFolders(ex).flatMap(({ name, file }) => {
    if (!existsSync(file)) return [];
    const { meta, problems } = readMeta(ex, file);
    const language = languageProblem(meta.language, join(ex.dir, 'solutions', name));
    return [...problems.map(formatSpecError), ...(language ? [`${shownPath(file)}: ${language}`] : [])];
  });
}

function solutionFolders(ex: LoadedExercise): Array<{ name: string; file: string }> {
  const root = join(ex.dir, 'solutions');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort().map((name) => ({ name, file: join(root, name, 'solution.yaml') }));
}

function readMeta(ex: LoadedExercise, file: string) {
  return readSolutionMeta(file, shownPath(file), { id: ex.spec.id, tests: ex.spec.tests.map((t) => t.name) }, unknownCause);
}

/** Relative to here when inside it, else absolute. */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** A solution's folder must hold sources of the language it declares (default c: not checked). */
function languageProblem(language: string | undefined, dir: string): string | undefined {
  if (language === undefined) return undefined;
  const ext = SOLUTION_LANGUAGES[language]!;
  return readdirSync(dir).some((f) => f.endsWith(ext) && !f.endsWith('.d.ts')) ? undefined : `language: ${language}, but the folder holds no ${ext} file`;
}

/**
 * Whether the graded tests lead with the declared cause: the first failing test of those it
 * declares (in the exercise's order) must carry it, as its result's cause or, when it has none,
 * a failed finding's. Why not, in words, or undefined when it does (or declares none).
 */
export function causeMismatch(s: Pick<KnownSolution, 'cause' | 'fails'>, tests: TestResult[]): string | undefined {
  if (s.cause === undefined) return undefined;
  const first = tests.find((t) => t.status !== 'passed' && s.fails.includes(t.name));
  if (!first) return undefined; // the failing set is judged on its own
  const found = first.cause ?? first.findings.find((f) => !f.passed && f.cause)?.cause;
  return found === s.cause ? undefined : `${first.name}'s report leads with ${found ? `cause ${found}` : 'no cause'}, declared ${s.cause}`;
}

/** Lays a solution out as a submission: <tmp>/<exercise>/<sources>. */
export function asSubmission(s: KnownSolution): { dir: string; remove(): void } {
  const dir = tempFolder('ipclab-sub-'); // removed on a signal to `ipclab verify` too
  cpSync(s.dir, join(dir, s.exercise), { recursive: true, filter: (p) => !p.endsWith('solution.yaml') });
  return { dir, remove: () => releaseTempFolder(dir) };
}
