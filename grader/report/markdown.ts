// Markdown pieces shared by the formats GitHub renders (job summary, Classroom 50 release body).
// Text that may quote a student is inert: the characters that make inline markup (`\` `*` `_`
// `[` `]` `~` `|` `$`) are backslash-escaped, `<`, `>` and `&` are entities (no HTML), a line
// cannot start a heading, list, quote or setext underline, and what GitHub links without markup
// (@mentions, #123, URLs, www., e-mail addresses) goes into a code span of ours. Verbatim text goes
// into fences it cannot close.
import { clip, type Block } from './student-view.js';
import { visible } from './untrusted.js';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Runs without space, backtick, pipe or angle bracket; those GitHub may link or mention by themselves. */
const RUN = /[^\s`|<>]+/g;
const linky = (run: string) => run.includes('@') || run.includes('://') || /www\.|#\d/i.test(run);

/** Plain text escaped: no inline markup, and no line that opens a block. */
function escapePlain(text: string): string {
  return text
    .split('\n')
    .map((l) => l
      .replace(/[\\`*_[\]~|$<>&]/g, (c) => ENTITY[c] ?? `\\${c}`)
      .replace(/^(\s*)([#+=-])/, '$1\\$2')
      .replace(/^(\s*\d+)([.)])/, '$1\\$2'))
    .join('\n');
}

/** Text with each linky run given to code and the rest to plain. */
function byRuns(text: string, plain: (s: string) => string, code: (s: string) => string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(RUN)) {
    if (!linky(m[0])) continue;
    out += plain(text.slice(at, m.index)) + code(m[0]);
    at = m.index! + m[0].length;
  }
  return out + plain(text.slice(at));
}

/** Text as Markdown that renders as exactly that text: nothing in it links, mentions or formats. */
export function mdText(text: string): string {
  return byRuns(visible(text), escapePlain, (run) => `\`${run}\``);
}

/** Text inside a table cell: escaped, on one line. */
export function mdCell(text: string): string {
  return mdText(text.replace(/\r?\n/g, ' '));
}

const htmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Text inside raw HTML (a <summary>): Markdown is not parsed there, so entities, and <code> for what GitHub would link. */
export function htmlText(text: string): string {
  return byRuns(visible(text), htmlEscape, (run) => `<code>${htmlEscape(run)}</code>`);
}

/** A fenced code block whose fence is longer than any run of backticks in the text. */
export function fence(text: string, lang = ''): string {
  const shown = visible(text);
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${shown}${shown.endsWith('\n') ? '' : '\n'}${f}`;
}

/** Student blocks as Markdown, every verbatim block clipped to maxBlock characters. */
export function blocksToMarkdown(blocks: Block[], maxBlock: number): string {
  return blocks
    .map((b) => (b.kind === 'code' ? `${mdText(b.label)}:\n\n${fence(clip(b.text, maxBlock), b.lang)}` : mdText(clip(b.text, maxBlock))))
    .join('\n\n');
}

export const MARK: Record<string, string> = { passed: '✅', failed: '❌', error: '⚠️', skipped: '⏭️' };
