// Student-derived text (program output, diffs, compiler messages) as every reporter shows it:
// visible, and inert in the places that interpret text — terminals, the GitHub Actions runner,
// Markdown and HTML. One escape, the same in every format, so a student reads the same bytes
// wherever they look.
import { randomBytes } from 'node:crypto';

/**
 * C0 (but newline and tab), DEL, C1, Unicode format controls (bidi overrides and isolates,
 * zero-width characters, BOM), line/paragraph separators and lone surrogates.
 */
const INVISIBLE = /[\0-\x08\x0b-\x1f\x7f-\x9f\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

function escapeChar(c: string): string {
  const n = c.codePointAt(0)!;
  const hex = n.toString(16).padStart(n < 0x100 ? 2 : 4, '0');
  return n < 0x100 ? `\\x${hex}` : n < 0x10000 ? `\\u${hex}` : `\\u{${hex}}`;
}

/**
 * Text with every invisible or controlling character shown as an escape (`\x1b`, `\x0d`,
 * `\u202e`) and `##[` (a workflow command anywhere in a line) as `#\x23[`. Idempotent: a
 * backslash is left as it is, so text escaped twice reads the same.
 */
export function visible(text: string): string {
  return text.replace(INVISIBLE, escapeChar).replace(/##\[/g, '#\\x23[');
}

/** Every string in a value, visible (for JSON documents, which keep their shape). */
export function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((v) => visibleDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visibleDeep(v)])) as T;
  }
  return value;
}

/**
 * What starts every line of student text on a terminal or in a CI log. Not a space: the Actions
 * runner strips leading whitespace before it looks for `::`.
 */
export const GUTTER = '│ ';

/** Each line of text after indentation and the gutter. */
export function gutter(text: string, indent = 0): string {
  const pad = ' '.repeat(indent);
  return visible(text).split('\n').map((l) => `${pad}${GUTTER}${l}`).join('\n');
}

/** A fresh token for `::stop-commands::`: random per run, so student text cannot guess it. */
export function commandToken(): string {
  return randomBytes(16).toString('hex');
}

/** Text during which the Actions runner processes no workflow command but the resume token. */
export function stopCommands(text: string, token = commandToken()): string {
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}

/**
 * The problem matchers actions/setup-node registers (tsc, eslint-stylish's message line,
 * eslint-compact without its stray slashes) and the usual gcc one: a stop-commands stretch does
 * not pause them, so a compiler message in student text would become an annotation.
 */
export const PROBLEM_MATCHERS: RegExp[] = [
  /^(?:\s+\d+>)?([^\s].*)\((\d+)(?:,(\d+)(?:,\d+(?:,\d+)?)?)?\)\s*:\s+(error|warning|info)\s+(\w{1,2}\d+)\s*:\s*(.*)$/,
  /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$/,
  /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/,
  /^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$/,
];

/** The runner strips colour codes before it matches (OutputManager.cs). */
const matches = (line: string) => {
  const plain = line.replace(/\x1b\[[0-9;]*m?/g, '');
  return PROBLEM_MATCHERS.some((m) => m.test(plain));
};

/**
 * A line no problem matcher takes for a compiler message: the colon each shape needs after its
 * severity (or before `line N, col M`) is shown as `\x3a`; if some shape still matches, every
 * colon is. Lines that match nothing are left alone.
 */
export function unmatchable(line: string): string {
  if (!matches(line)) return line;
  const soft = line
    .replace(/\b((?:error|warning|info|Error|Warning|Info)(?:\s+\w{1,2}\d+)?\s*):/g, '$1\\x3a')
    .replace(/:(?=\sline\s\d+,\scol\s\d+,)/g, '\\x3a');
  return matches(soft) ? line.replace(/:/g, '\\x3a') : soft;
}
