// Known solutions kept with each exercise: exercises/<id>/solutions/<name>/ with solution.yaml.
import { yamlLib } from '../harness/lazy.js';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LoadedExercise } from '../harness/spec/load.js';
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

interface Meta { fails?: string[]; may_fail?: string[]; cause?: string; language?: unknown }

/** The source file of each language a solution may declare (`language:`, default c). */
const SOURCE_EXT: Readonly<Record<string, string>> = { c: '.c', ts: '.ts' };

export function knownSolutions(ex: LoadedExercise): KnownSolution[] {
  const root = join(ex.dir, 'solutions');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort().map((name) => {
    const file = join(root, name, 'solution.yaml');
    const meta = (yamlLib().parse(readFileSync(file, 'utf8')) ?? {}) as Meta;
    const problem = metaProblem(meta, ex) ?? languageProblem(meta, join(root, name));
    if (problem) throw new UsageError(`${shownPath(file)}: ${problem}`);
    return { exercise: ex.spec.id, name, dir: join(root, name), fails: meta.fails ?? [], mayFail: meta.may_fail ?? [], ...(meta.cause !== undefined ? { cause: meta.cause } : {}) };
  });
}

/** Every solution.yaml that names an unknown cause or test, one line each (`ipclab validate`). */
export function solutionProblems(ex: LoadedExercise): string[] {
  try {
    knownSolutions(ex);
    return [];
  } catch (err) {
    if (err instanceof UsageError) return [err.message];
    throw err;
  }
}

/** Relative to here when inside it, else absolute. */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** A declared language must be one ipclab builds, and the folder must hold its sources. */
function languageProblem(meta: Meta, dir: string): string | undefined {
  if (meta.language === undefined) return undefined;
  const ext = typeof meta.language === 'string' ? SOURCE_EXT[meta.language] : undefined;
  if (!ext) return `language: must be one of ${Object.keys(SOURCE_EXT).join(', ')}`;
  return readdirSync(dir).some((f) => f.endsWith(ext) && !f.endsWith('.d.ts')) ? undefined : `language: ${meta.language}, but the folder holds no ${ext} file`;
}

function metaProblem(meta: Meta, ex: LoadedExercise): string | undefined {
  const tests = new Set(ex.spec.tests.map((t) => t.name));
  const unknownTest = [...(meta.fails ?? []), ...(meta.may_fail ?? [])].find((t) => !tests.has(t));
  if (unknownTest !== undefined) return `no test named "${unknownTest}" in ${ex.spec.id}`;
  if (meta.cause === undefined) return undefined;
  if (typeof meta.cause !== 'string') return 'cause: must be one cause id';
  if (!meta.fails?.length) return 'cause: a solution that fails no test has no cause to declare';
  return unknownCause(meta.cause) && `cause: ${unknownCause(meta.cause)}`;
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
