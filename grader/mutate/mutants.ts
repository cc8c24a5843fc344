// A correct solution's folder → its mutants: each one mutation of one C file, with a stable key
// (what an instructor names to declare it equivalent) and the unified diff a survivor is shown as.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { parseC } from './parse.js';
import { applyMutation, mutationsOf, type Mutation, type OperatorName } from './operators.js';

export interface Mutant {
  /** `<operator>:<file>:<8 hex>`: the hash is of the edited snippets, so it survives edits elsewhere in the file. */
  key: string;
  operator: OperatorName;
  file: string;
  line: number;
  what: string;
  /** The mutated file's whole text. */
  text: string;
  diff: string;
}

/** The solution's files (solution.yaml aside), name → text. */
export function solutionFiles(dir: string): Map<string, string> {
  const names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile() && d.name !== 'solution.yaml').map((d) => d.name).sort();
  return new Map(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
}

export async function mutantsOf(files: Map<string, string>, operators?: readonly OperatorName[]): Promise<Mutant[]> {
  const out: Mutant[] = [];
  for (const [file, source] of files) {
    if (!file.endsWith('.c')) continue;
    const tree = await parseC(source);
    try {
      const seen = new Map<string, number>();
      for (const m of mutationsOf(tree.rootNode, operators)) {
        const text = applyMutation(source, m);
        const snippet = snippetHash(source, m);
        const nth = seen.get(snippet) ?? 0; // the same snippet mutated the same way twice in one file
        seen.set(snippet, nth + 1);
        const key = `${m.operator}:${file}:${createHash('sha256').update(`${snippet}#${nth}`).digest('hex').slice(0, 8)}`;
        out.push({ key, operator: m.operator, file, line: m.line, what: m.what, text, diff: unifiedDiff(file, source, text) });
      }
    } finally {
      tree.delete();
    }
  }
  return out;
}

/** `--- a/f` / `+++ b/f` and 3 lines of context, as git shows it (no header tabs, no `===` rule). */
function unifiedDiff(file: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, { context: 3 })
    .split('\n').filter((l) => !l.startsWith('====')).map((l) => (l.startsWith('--- ') || l.startsWith('+++ ') ? l.trimEnd() : l)).join('\n');
}

function snippetHash(source: string, m: Mutation): string {
  const parts = m.edits.map((e) => `${source.slice(e.start, e.end)}→${e.text}`);
  return createHash('sha256').update(`${m.operator}\0${parts.join('\0')}`).digest('hex');
}
