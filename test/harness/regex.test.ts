// The RE2 pattern module: the semantics checks rely on (as JS RegExp had them), linear time on
// the classic catastrophic patterns, and validation messages that name what RE2 lacks.
import { compile, globToPattern, patternProblem } from '../../harness/spec/regex.js';
import { loadCatalogue } from '../../harness/spec/load.js';
import { specPatterns } from '../../harness/spec/patterns.js';

describe('compile', () => {
  it('finds a match anywhere; whole() needs all of the text', () => {
    expect(compile('b+').test('abbbc')).toBe(true);
    expect(compile('b+').whole('abbbc')).toBe(false);
    expect(compile('a|abc').whole('abc')).toBe(true);
    expect(compile('[0-9]+').whole('12x')).toBe(false);
  });

  it("without 'm', ^ and $ are the ends of the text; with 'm', of each line too", () => {
    expect(compile('^b$').test('a\nb\nc')).toBe(false);
    expect(compile('^b$', 'm').test('a\nb\nc')).toBe(true);
    expect(compile('^x$').test('x\n')).toBe(false);
  });

  it('\\A\\z matches only the empty text, in multi-line mode as well', () => {
    expect(compile('\\A\\z', 'm').test('')).toBe(true);
    expect(compile('\\A\\z', 'm').test('\n')).toBe(false);
    expect(compile('\\A\\z', 'm').test('prompt> ')).toBe(false);
  });

  it('find() starts at an offset, in string indices, and ^ still means the start of the text', () => {
    expect(compile('b').find('😀😀b')).toEqual({ start: 4, end: 5 });
    expect(compile('a').find('aba', 1)).toEqual({ start: 2, end: 3 });
    expect(compile('^a').find('aba', 1)).toBeUndefined();
    expect(compile('x*').find('ab', 1)).toEqual({ start: 1, end: 1 });
  });

  it('reads \\d, \\s, \\b, (?i) and classes as the catalogue uses them', () => {
    expect(compile('^server: [0-9]+ beta$').test('server: 42 beta')).toBe(true);
    expect(compile('\\bopen\\b').test('cannot open it')).toBe(true);
    expect(compile('\\bopen\\b').test('reopened')).toBe(false);
    expect(compile('\\d+\\s\\w').whole('12 x')).toBe(true);
    expect(compile('(?i)error').test('ERROR')).toBe(true);
  });

  it('compiles a pattern once per pattern and flags', () => {
    expect(compile('abc')).toBe(compile('abc'));
    expect(compile('abc', 'm')).not.toBe(compile('abc'));
  });

  it.each([
    ['^(a+)+$', 'a'.repeat(100_000) + '!'],
    ['(a|aa)+$', 'a'.repeat(100_000) + '!'],
    ['^(\\w+\\s?)*$', 'word '.repeat(20_000) + '!'],
    ['(x+x+)+y', 'x'.repeat(1 << 20)],
  ])('matches %s against a hostile text in linear time', (pattern, text) => {
    const t0 = Date.now();
    expect(compile(pattern, 'm').test(text)).toBe(false);
    expect(compile(pattern).whole(text)).toBe(false);
    expect(compile(pattern).find(text, 0)).toBeUndefined();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('the honest text still matches the catastrophic pattern', () => {
    expect(compile('^(a+)+$', 'm').test(`${'a'.repeat(100_000)}\n`)).toBe(true);
  });
});

describe('patternProblem', () => {
  it.each([
    ['(?=a)', '`(?=…)` (lookahead) is not supported'],
    ['x(?!a)', '`(?!…)` (lookahead) is not supported'],
    ['(?<=a)b', '`(?<=…)` (lookbehind) is not supported'],
    ['(?<![\\s\\S])(?![\\s\\S])', '`(?<!…)` (lookbehind) is not supported'],
    ['(\\w)\\1', '`\\1` (a backreference) is not supported'],
    ['(?<n>a)\\k<n>', '`\\k` (a backreference) is not supported'],
    ['[b', 'not a valid RE2 pattern: missing closing ]'],
    ['\\u0041', 'not a valid RE2 pattern: invalid escape sequence'],
  ])('rejects %s, saying why', (pattern, why) => {
    expect(patternProblem(pattern)).toContain(why);
  });

  it.each(['\\A\\z', '^usage: ', '(?i)x', '\\pL+', '(?P<n>a)', 'a{2,5}'])('accepts %s', (pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
  });

  it('accepts every pattern of the catalogue', () => {
    const all = loadCatalogue().flatMap((ex) => specPatterns(ex.spec).map((p) => p.pattern.replace(/\$\{[^}]*\}/g, '0')));
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((p) => patternProblem(p) !== undefined)).toEqual([]);
  });
});

describe('globToPattern', () => {
  it('makes * and ? name wildcards and everything else literal', () => {
    const re = compile(globToPattern('client.*.f?fo'));
    expect(re.whole('client.12.fifo')).toBe(true);
    expect(re.whole('clientX12.fifo')).toBe(false);
    expect(re.whole('client.1/2.fifo')).toBe(false);
    expect(compile(globToPattern('a[b](c)|d+')).whole('a[b](c)|d+')).toBe(true);
    expect(compile(globToPattern('a[b]')).whole('ab')).toBe(false);
  });

  it('is linear on a many-star glob against a long name', () => {
    const t0 = Date.now();
    expect(compile(globToPattern('*a*a*a*a*a*a*a*b')).whole('a'.repeat(5000))).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
