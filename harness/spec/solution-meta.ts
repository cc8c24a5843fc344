// solution.yaml of a known solution (exercises/<id>/solutions/<name>/), read with positions so
// that every mistake in it names its line and column, like the exercise spec's.
import { readFileSync } from 'node:fs';
import type { Node as YamlNode } from 'yaml';
import { yamlLib } from '../lazy.js';
import { nearest } from './nearest.js';
import type { SpecError } from './load.js';

export interface SolutionMeta { description?: string; fails: string[]; may_fail: string[]; cause?: string; language?: string }

/** The languages a solution may declare (`language:`, default c), with the extension of their sources. */
export const SOLUTION_LANGUAGES: Readonly<Record<string, string>> = { c: '.c', ts: '.ts' };

// equivalent_mutants: read and checked by grader/mutate/equivalents.ts (verify --mutate)
const FIELDS = ['description', 'fails', 'may_fail', 'cause', 'language', 'equivalent_mutants'];

/**
 * The declarations and every mistake in them. `tests`: the exercise's test names; `causeProblem`:
 * why a cause id is unknown (the grader's registry), undefined when it is known.
 */
export function readSolutionMeta(file: string, shown: string, exercise: { id: string; tests: string[] }, causeProblem: (id: string) => string | undefined): { meta: SolutionMeta; problems: SpecError[] } {
  const { LineCounter, parseDocument, isMap, isScalar, isSeq } = yamlLib();
  const lc = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: SpecError[] = [];
  const meta: SolutionMeta = { fails: [], may_fail: [] };
  const at = (node: YamlNode | undefined | null, field: string, message: string) => {
    const p = node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
    problems.push({ file: shown, line: p.line, column: p.col, field, message });
  };
  for (const e of doc.errors) {
    const p = lc.linePos(e.pos[0]);
    problems.push({ file: shown, line: p.line, column: p.col, field: '', message: e.message.split('\n')[0] });
  }
  if (problems.length) return { meta, problems };
  const root = doc.contents;
  if (root !== null && !isMap(root)) return { meta, problems: [{ file: shown, line: 1, column: 1, field: '', message: 'must be a mapping of description, fails, may_fail, cause, language and equivalent_mutants' }] };
  for (const pair of isMap(root) ? root.items : []) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YamlNode | null;
    if (!FIELDS.includes(key)) {
      const guess = nearest(key, FIELDS);
      at(pair.key as YamlNode, key, `unknown field "${key}"${guess ? `; did you mean "${guess}"?` : ''} (solution.yaml has ${FIELDS.join(', ')})`);
    } else if (key === 'description') {
      if (isScalar(value) && typeof value.value === 'string' && value.value.trim()) meta.description = value.value;
      else at(value ?? (pair.key as YamlNode), key, 'say in a sentence what this solution does (wrong)');
    } else if (key === 'equivalent_mutants') {
      if (value !== null && !isSeq(value)) at(value, key, 'must be a list of { mutant, reason }');
    } else if (key === 'language') {
      const lang = isScalar(value) ? value.value : undefined;
      if (typeof lang === 'string' && lang in SOLUTION_LANGUAGES) meta.language = lang;
      else at(value ?? (pair.key as YamlNode), key, `must be one of ${Object.keys(SOLUTION_LANGUAGES).join(', ')}`);
    } else if (key === 'cause') {
      if (!isScalar(value) || typeof value.value !== 'string') at(value ?? (pair.key as YamlNode), key, 'must be one cause id');
      else {
        meta.cause = value.value;
        const why = causeProblem(value.value);
        if (why) at(value, key, why);
      }
    } else {
      const list = key as 'fails' | 'may_fail';
      if (value !== null && !isSeq(value)) {
        at(value, key, 'must be a list of test names');
        continue;
      }
      (value?.items ?? []).forEach((item, i) => {
        const name = isScalar(item) ? String(item.value) : undefined;
        if (name === undefined) return at(item as YamlNode, `${key}[${i}]`, 'must be a test name');
        meta[list].push(name);
        if (exercise.tests.includes(name)) return;
        const guess = nearest(name, exercise.tests);
        at(item as YamlNode, `${key}[${i}]`, `no test named "${name}" in ${exercise.id}${guess ? `; did you mean "${guess}"?` : ` (it has ${exercise.tests.join(', ')})`}`);
      });
    }
  }
  if (meta.description === undefined && !problems.some((p) => p.field === 'description')) problems.push({ file: shown, line: 0, column: 0, field: 'description', message: 'description: say in a sentence what this solution does (wrong)' });
  const both = meta.fails.find((t) => meta.may_fail.includes(t));
  if (both !== undefined) problems.push({ file: shown, line: 0, column: 0, field: '', message: `"${both}" is both in fails and in may_fail: a test either fails in every run or may fail` });
  if (meta.cause !== undefined && !meta.fails.length) {
    const pair = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === 'cause') : undefined;
    at(pair?.value as YamlNode, 'cause', 'a solution that fails no test has no cause to declare');
  }
  return { meta, problems };
}
