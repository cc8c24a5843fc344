// Shared wording helpers: bounded excerpts and diffs, so no finding floods a report.
import { createPatch } from 'diff';

export const MAX_EXCERPT = 600;

export function isText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

/** A short, visible rendering of output: quoted, with invisible characters escaped. */
export function excerpt(text: string, max = MAX_EXCERPT): string {
  if (text === '') return '(nothing)';
  const cut = text.length > max ? `${text.slice(0, max)}` : text;
  const shown = cut.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown + (text.length > max ? `… (${text.length - max} more characters)` : '');
}

export function boundedDiff(expected: string, actual: string, maxLines = 24): string {
  const patch = createPatch('output', expected, actual, 'expected', 'actual', { context: 2 });
  const lines = patch.split('\n').slice(4); // drop the file headers
  const body = lines.length > maxLines ? [...lines.slice(0, maxLines), `… (${lines.length - maxLines} more diff lines)`] : lines;
  return body.join('\n').trimEnd();
}

export function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export function splitLines(text: string, ignorePartialLast = false): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  const last = lines.pop()!;
  if (last !== '' && !ignorePartialLast) lines.push(last);
  return lines;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
