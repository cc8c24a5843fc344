// The yaml parser reports a key indented wrongly where its confusion starts (the value of the key
// before, column 1 of the line), in its own terms ("Nested mappings are not allowed in compact
// mappings"). This finds the line whose indentation is wrong and says so in the author's terms.

// raised at the line before the wrong one / at the wrong line itself
const BEFORE = new Set(['BLOCK_AS_IMPLICIT_KEY', 'MULTILINE_IMPLICIT_KEY']);
const AT = new Set(['BAD_INDENT', 'MISSING_CHAR']);

export interface IndentProblem { line: number; column: number; message: string }

/** `indent`: the column of its key, past any "- " of a list item. */
interface Line { no: number; indent: number; key: string }

/** The indentation problem behind a parse error at `line` (1-based) of `code`, or undefined when it is another kind of error. */
export function indentProblem(text: string, code: string, line: number): IndentProblem | undefined {
  if (!BEFORE.has(code) && !AT.has(code)) return undefined;
  const lines = contentLines(text);
  const at = BEFORE.has(code) ? lines.findIndex((l) => l.no > line) : lines.findIndex((l) => l.no >= line);
  if (at <= 0) return undefined;
  const wrong = lines[at];
  const above = lines[at - 1];
  const where = { line: wrong.no, column: wrong.indent + 1 };
  if (wrong.indent > above.indent) {
    return { ...where, message: `${wrong.key} is indented more than ${above.key} on the line above (column ${wrong.indent + 1}, not ${above.indent + 1}): the keys of one mapping start in the same column, and a nested key needs its parent to end with ":"` };
  }
  // the keys it could belong with: the line above and each enclosing key up from it
  const chain = enclosing(lines, at - 1);
  if (chain.some((l) => l.indent === wrong.indent)) return undefined;
  const outer = chain.find((l) => l.indent < wrong.indent);
  const inner = [...chain].reverse().find((l) => l.indent > wrong.indent);
  if (!outer || !inner) return undefined;
  return { ...where, message: `${wrong.key} is at column ${wrong.indent + 1}, between ${outer.key} (column ${outer.indent + 1}) and ${inner.key} (column ${inner.indent + 1}) above it: indent it like the key it belongs with` };
}

/** The line at `from` and every line it is nested in, innermost first. */
function enclosing(lines: Line[], from: number): Line[] {
  const out = [lines[from]];
  for (let i = from - 1; i >= 0; i--) if (lines[i].indent < out[out.length - 1].indent) out.push(lines[i]);
  return out;
}

/** Lines that hold YAML (not blank, not only a comment), with their indentation and first key. */
function contentLines(text: string): Line[] {
  return text.split('\n').flatMap((raw, i) => {
    const body = raw.trimStart();
    if (!body || body.startsWith('#')) return [];
    const item = body.replace(/^(-\s+)+/, '');
    const indent = raw.length - item.length;
    const key = /^([^:#{}[\],]+?):(\s|$)/.exec(item)?.[1];
    const shown = key !== undefined ? `"${key.trim()}"` : `\`${item.length > 30 ? `${item.slice(0, 30)}…` : item}\``;
    return [{ no: i + 1, indent, key: shown }];
  });
}
