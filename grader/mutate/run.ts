// `ipclab verify --mutate`: grade every mutant of an exercise's correct solution and score how
// many its tests kill. A mutant is killed by its first failing test (the rest are skipped).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gradeSubmission, limiter, toolVersion } from '../grade.js';
import { isolation } from '../../harness/isolate/mode.js';
import { releaseTempFolder, tempFolder } from '../../harness/interrupt.js';
import { settings } from '../../harness/settings.js';
import { usableCpus } from '../../harness/usable-cpus.js';
import type { LoadedExercise } from '../../harness/spec/load.js';
import { declaredEquivalents } from './equivalents.js';
import { mutantsOf, solutionFiles, type Mutant } from './mutants.js';
import type { OperatorName } from './operators.js';

export type Outcome =
  | { status: 'killed'; by: string }
  | { status: 'survived' }
  | { status: 'uncompiled' }
  | { status: 'equivalent'; reason: string }
  | { status: 'error'; reason: string };

export interface MutantResult { mutant: Mutant; outcome: Outcome; cached: boolean }

export interface MutationReport {
  exercise: string;
  results: MutantResult[];
  /** killed ÷ (killed + survived): compiled mutants, declared equivalents and grading errors aside. */
  score: number | undefined;
  /** Declared equivalents that match no mutant (a stale key). */
  unmatched: string[];
  durationMs: number;
}

export interface MutateOptions {
  catalogue: LoadedExercise[];
  operators?: readonly OperatorName[];
  /** Mutants graded at once (default: the usable CPUs; 1 in fallback mode). */
  jobs?: number;
  /** The cache folder (default: settings' cacheDir/mutants); null: no cache. */
  cache?: string | null;
  onMutant?: (done: number, total: number, r: MutantResult) => void;
}

export async function mutateExercise(ex: LoadedExercise, o: MutateOptions): Promise<MutationReport> {
  const started = Date.now();
  const correct = join(ex.dir, 'solutions', 'correct');
  const files = solutionFiles(correct);
  const mutants = await mutantsOf(files, o.operators);
  const equivalents = existsSync(join(correct, 'solution.yaml')) ? declaredEquivalents(join(correct, 'solution.yaml')) : new Map<string, string>();
  const cache = o.cache === null ? undefined : o.cache ?? join(settings().cacheDir, 'mutants');
  const context = exerciseDigest(ex);
  const jobs = isolation().mode === 'fallback' ? 1 : Math.max(1, o.jobs ?? usableCpus());
  const limit = limiter(jobs);
  let done = 0;
  const results = await Promise.all(mutants.map((m) => limit(async (): Promise<MutantResult> => {
    const r = await judge(ex, m, files, { equivalent: equivalents.get(m.key), cache, context, catalogue: o.catalogue });
    o.onMutant?.(++done, mutants.length, r);
    return r;
  })));
  const count = (s: Outcome['status']) => results.filter((r) => r.outcome.status === s).length;
  const judged = count('killed') + count('survived');
  return {
    exercise: ex.spec.id,
    results,
    score: judged ? count('killed') / judged : undefined,
    // a key of an operator not run this time is not stale
    unmatched: [...equivalents.keys()].filter((k) => !mutants.some((m) => m.key === k) && (!o.operators || o.operators.some((op) => k.startsWith(`${op}:`)))),
    durationMs: Date.now() - started,
  };
}

interface JudgeContext { equivalent?: string; cache?: string; context: string; catalogue: LoadedExercise[] }

async function judge(ex: LoadedExercise, m: Mutant, files: Map<string, string>, c: JudgeContext): Promise<MutantResult> {
  if (c.equivalent !== undefined) return { mutant: m, outcome: { status: 'equivalent', reason: c.equivalent }, cached: false };
  const hash = createHash('sha256').update(`${c.context}\0${m.file}\0${m.text}`).digest('hex');
  const file = c.cache && join(c.cache, `${hash}.json`);
  if (file && existsSync(file)) {
    try {
      return { mutant: m, outcome: JSON.parse(readFileSync(file, 'utf8')) as Outcome, cached: true };
    } catch { /* a torn cache entry: grade again */ }
  }
  const outcome = await gradeMutant(ex, m, files, c.catalogue);
  if (file && outcome.status !== 'error') {
    mkdirSync(c.cache!, { recursive: true });
    writeFileSync(file, JSON.stringify(outcome));
  }
  return { mutant: m, outcome, cached: false };
}

async function gradeMutant(ex: LoadedExercise, m: Mutant, files: Map<string, string>, catalogue: LoadedExercise[]): Promise<Outcome> {
  const dir = tempFolder('ipclab-mutant-');
  try {
    const sub = join(dir, ex.spec.id);
    mkdirSync(sub);
    for (const [name, text] of files) writeFileSync(join(sub, name), name === m.file ? m.text : text);
    const r = await gradeSubmission(dir, { exercises: [ex.spec.id], catalogue, testJobs: 1, stopAtFailure: true, runLock: null });
    const e = r.exercises[0];
    if (!e || r.errors.length) return { status: 'error', reason: r.errors[0] ?? 'no result' };
    if (e.build.status !== 'built') return { status: 'uncompiled' };
    const failed = e.tests.find((t) => t.status === 'failed');
    if (failed) return { status: 'killed', by: failed.name };
    const errored = e.tests.find((t) => t.status === 'error');
    return errored ? { status: 'error', reason: `${errored.name}: ${errored.reason}` } : { status: 'survived' };
  } finally {
    releaseTempFolder(dir);
  }
}

/** What a mutant's grading depends on besides its own files: ipclab's version and the exercise (spec, helpers). */
function exerciseDigest(ex: LoadedExercise): string {
  const h = createHash('sha256').update(toolVersion());
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (p !== join(ex.dir, 'solutions')) walk(p);
      } else if (e.isFile()) h.update(`${relative(ex.dir, p)}\0`).update(readFileSync(p));
    }
  };
  walk(ex.dir);
  return h.digest('hex');
}
