// Markdown pieces shared by the formats GitHub renders (job summary, Classroom 50 release body):
// student text is escaped, verbatim output goes into fences it cannot close.
import { clip, type Block } from './student-view.js';

/** Text as a Markdown paragraph: no HTML, no @mentions, no line breaks that start a new block. */
export function mdText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '&#64;');
}

/** Text inside a table cell: escaped, on one line, pipes escaped. */
export function mdCell(text: string): string {
  return mdText(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A fenced code block whose fence is longer than any run of backticks in the text. */
export function fence(text: string, lang = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${text}${text.endsWith('\n') ? '' : '\n'}${f}`;
}

/** Student blocks as Markdown, every verbatim block clipped to maxBlock characters. */
export function blocksToMarkdown(blocks: Block[], maxBlock: number): string {
  return blocks
    .map((b) => (b.kind === 'code' ? `${mdText(b.label)}:\n\n${fence(clip(b.text, maxBlock), b.lang)}` : mdText(clip(b.text, maxBlock))))
    .join('\n\n');
}

export const MARK: Record<string, string> = { passed: '✅', failed: '❌', error: '⚠️', skipped: '⏭️' };
