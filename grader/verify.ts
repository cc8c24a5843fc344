// `ipclab verify`: an exercise is trustworthy when its reference passes every run and each
// known solution fails exactly the tests it declares, run after run.
import { gradeSubmission } from './grade.js';
import type { Perturbation } from '../harness/run/run-test.js';
import type { LoadedExercise } from '../harness/spec/load.js';
import { asSubmission, causeMismatch, knownSolutions, type KnownSolution } from './solutions.js';

export interface SolutionVerdict {
  solution: string;
  runs: number;
  /** Runs whose failing set was exactly what the solution declares. */
  exact: number;
  /** How often each test failed. */
  failures: Record<string, number>;
  fails: string[];
  mayFail: string[];
  /** The cause its first failing test must lead with, and in how many runs it did. */
  cause?: { id: string; led: number };
  problems: string[];
}

export interface VerifyResult {
  exercise: string;
  reference: SolutionVerdict;
  solutions: SolutionVerdict[];
  ok: boolean;
}

export interface VerifyOptions {
  runs: number;
  catalogue: LoadedExercise[];
  /** The reference solutions laid out as a submission: only a source checkout has them. */
  reference: string;
  perturb?: Perturbation;
  /** Every test traced (GradeOptions.trace 'all'): what a traced run changes must not change a verdict. */
  trace?: boolean;
  /** Only the reference and the known solutions that fail no test (`fails: []`). */
  correctOnly?: boolean;
  onRun?: (what: string, run: number) => void;
}

export async function verifyExercise(ex: LoadedExercise, o: VerifyOptions): Promise<VerifyResult> {
  const { runs, catalogue, perturb, onRun } = o;
  const trace = o.trace ? { trace: 'all' as const } : {};
  const id = ex.spec.id;
  const check = async (name: string, dir: string, s: Pick<KnownSolution, 'fails' | 'mayFail' | 'cause'>): Promise<SolutionVerdict> => {
    const { fails, mayFail } = s;
    const v: SolutionVerdict = { solution: name, runs, exact: 0, failures: {}, fails, mayFail, ...(s.cause ? { cause: { id: s.cause, led: 0 } } : {}), problems: [] };
    for (let i = 0; i < runs; i++) {
      onRun?.(name, i);
      const r = await gradeSubmission(dir, { exercises: [id], catalogue, perturb, ...trace });
      const tests = r.exercises[0]?.tests ?? [];
      const failed = tests.filter((t) => t.status !== 'passed');
      for (const t of failed) v.failures[t.name] = (v.failures[t.name] ?? 0) + 1;
      for (const t of tests.filter((x) => x.status === 'error')) v.problems.push(`run ${i + 1}: ${t.name} errored: ${t.reason}`);
      const names = failed.map((t) => t.name).filter((n) => !mayFail.includes(n)).sort();
      const mismatch = causeMismatch(s, tests);
      if (v.cause && !mismatch) v.cause.led++;
      if (mismatch) v.problems.push(`run ${i + 1}: ${mismatch}`);
      if (names.join() === [...fails].sort().join()) v.exact += mismatch ? 0 : 1;
      else v.problems.push(`run ${i + 1}: failed [${names.join(', ')}], declared [${[...fails].sort().join(', ')}]${failed.filter((t) => !fails.includes(t.name)).map((t) => `; ${t.name}: ${t.reason}`).join('')}`);
    }
    return v;
  };
  const reference = await check('reference', o.reference, { fails: [], mayFail: [] });
  const solutions = [];
  for (const s of knownSolutions(ex).filter((k) => !o.correctOnly || !k.fails.length)) {
    const sub = asSubmission(s);
    try {
      solutions.push(await check(s.name, sub.dir, s));
    } finally {
      sub.remove();
    }
  }
  return { exercise: id, reference, solutions, ok: [reference, ...solutions].every((v) => v.exact === v.runs) };
}

export function renderVerify(v: VerifyResult): string {
  const lines = [`${v.exercise}: ${v.ok ? 'verified' : 'NOT verified'}`];
  for (const s of [v.reference, ...v.solutions]) {
    const caught = s.fails.length ? `; caught by ${s.fails.map((f) => `${f} ${s.failures[f] ?? 0}/${s.runs}`).join(', ')}` : '';
    const maybe = s.mayFail.length ? `; racy: ${s.mayFail.map((f) => `${f} failed ${s.failures[f] ?? 0}/${s.runs}`).join(', ')}` : '';
    const cause = s.cause ? `; led by cause ${s.cause.id} ${s.cause.led}/${s.runs}` : '';
    lines.push(`  ${s.exact === s.runs ? '✔' : '✘'} ${s.solution}: ${s.exact}/${s.runs} runs as declared${caught}${cause}${maybe}`);
    for (const p of s.problems.slice(0, 5)) lines.push(`      ${p}`);
  }
  return lines.join('\n');
}
