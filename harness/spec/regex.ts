// Spec patterns run against student output, so they run on RE2 (re2js): time linear in the
// text whatever the pattern, no backtracking for a submission to blow up (`^(a+)+$` on
// "aaaa…!"). RE2 has no lookaround and no backreferences; `patternProblem` says so, for
// validation, before any grading.
import { RE2JS } from 're2js';

/** '' as JS RegExp without flags; 'm': `^` and `$` also match at `\n`. */
export type Flags = '' | 'm';

export interface Pattern {
  /** Matches somewhere in the text. */
  test(text: string): boolean;
  /** Matches the whole text (a line check: like `^(?:p)$`). */
  whole(text: string): boolean;
  /** The first match that starts at or after `from` (string offsets). */
  find(text: string, from?: number): { start: number; end: number } | undefined;
}

export class PatternError extends Error {}

// Checks template pids into their patterns, so patterns differ per run: keep the cache bounded.
const MAX_CACHED = 512;
const cache = new Map<string, Pattern>();

/** Compiled once per pattern and flags; throws PatternError when RE2 cannot run the pattern. */
export function compile(source: string, flags: Flags = ''): Pattern {
  const key = `${flags}\0${source}`;
  let p = cache.get(key);
  if (!p) {
    p = wrap(compileRe2(source, flags));
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, p);
  }
  return p;
}

function compileRe2(source: string, flags: Flags): RE2JS {
  try {
    return RE2JS.compile(source, flags === 'm' ? RE2JS.MULTILINE : 0);
  } catch (err) {
    throw new PatternError(describeError(err));
  }
}

function wrap(re: RE2JS): Pattern {
  return {
    test: (text) => re.test(text),
    whole: (text) => re.testExact(text),
    find: (text, from = 0) => {
      const m = re.matcher(text);
      return m.find(from) ? { start: m.start(), end: m.end() } : undefined;
    },
  };
}

/** Why RE2 cannot run this pattern, or undefined when it can. */
export function patternProblem(source: string): string | undefined {
  try {
    compileRe2(source, '');
    return undefined;
  } catch (err) {
    return err instanceof PatternError ? err.message : String(err);
  }
}

const RE2_NOTE = 'patterns are RE2 syntax, which matches in linear time';

/** The engine's reason, in the author's terms: lookaround and backreferences are named as such. */
function describeError(err: unknown): string {
  const e = err as { input?: string | null; message?: string };
  const at = e.input ?? '';
  if (/^\(\?[=!]/.test(at)) return `\`${at.slice(0, 3)}…)\` (lookahead) is not supported: ${RE2_NOTE}; rewrite without it`;
  if (/^\(\?<[=!]/.test(at)) return `\`${at.slice(0, 4)}…)\` (lookbehind) is not supported: ${RE2_NOTE}; rewrite without it (\\A and \\z anchor the whole text)`;
  if (/^\\[1-9k]/.test(at)) return `\`${at.slice(0, 2)}\` (a backreference) is not supported: ${RE2_NOTE}`;
  return `not a valid RE2 pattern: ${(e.message ?? String(err)).replace(/^error parsing regexp: /, '')}`;
}

/** A file-name glob (`*`, `?`) as a whole-name pattern; nothing else in it is special. */
export function globToPattern(glob: string): string {
  return glob.split(/([*?])/).map((part) => (part === '*' ? '[^/]*' : part === '?' ? '[^/]' : part && RE2JS.quote(part))).join('');
}
