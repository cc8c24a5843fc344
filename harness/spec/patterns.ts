// Every regex a spec holds, with its path in the spec, so that validation can reject one RE2
// cannot run at the line and column where the author wrote it.
import type { Condition, ExerciseSpec, HintWhen } from './types.js';
import { patternProblem } from './regex.js';
import { kindsOf, patternsOf, type PathPart } from './check-refs.js';

export type { PathPart };
interface Found { path: PathPart[]; pattern: string }

/** Patterns hold ${…} variables, known only at run time: checked with a neutral stand-in. */
const VARIABLE = /\$\{[^}]*\}/g;

export function patternErrors(spec: ExerciseSpec): Array<{ path: PathPart[]; message: string }> {
  return specPatterns(spec).flatMap(({ path, pattern }) => {
    const problem = patternProblem(pattern.replace(VARIABLE, '0'));
    return problem ? [{ path, message: problem }] : [];
  });
}

export function specPatterns(spec: ExerciseSpec): Found[] {
  const out: Found[] = [];
  (spec.hints ?? []).forEach((h, hi) => rulePatterns(h.when, ['hints', hi, 'when'], out));
  spec.tests.forEach((t, ti) => {
    (t.script ?? []).forEach((s, si) => conditionPatterns(s.wait, ['tests', ti, 'script', si, 'wait'], out));
    t.checks.forEach((c, ci) => {
      for (const kind of kindsOf(c)) {
        for (const p of patternsOf(kind, c[kind]!)) out.push({ path: ['tests', ti, 'checks', ci, kind, ...p.path], pattern: p.pattern });
      }
    });
  });
  return out;
}

/** A hint's rule, through its all/any/not. */
function rulePatterns(w: HintWhen | undefined, path: PathPart[], out: Found[]): void {
  if (!w) return;
  if (w.output) out.push({ path: [...path, 'output', 'matches'], pattern: w.output.matches });
  w.all?.forEach((sub, i) => rulePatterns(sub, [...path, 'all', i], out));
  w.any?.forEach((sub, i) => rulePatterns(sub, [...path, 'any', i], out));
  rulePatterns(w.not, [...path, 'not'], out);
}

function conditionPatterns(c: Condition | undefined, path: PathPart[], out: Found[]): void {
  if (!c) return;
  if (c.output?.matches !== undefined) out.push({ path: [...path, 'output', 'matches'], pattern: c.output.matches });
  if (c.output?.text_matches !== undefined) out.push({ path: [...path, 'output', 'text_matches'], pattern: c.output.text_matches });
  c.all?.forEach((sub, i) => conditionPatterns(sub, [...path, 'all', i], out));
  c.any?.forEach((sub, i) => conditionPatterns(sub, [...path, 'any', i], out));
}
