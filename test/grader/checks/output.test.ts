import { checkOutput } from '../../../grader/checks/output.js';
import type { OutputCheck } from '../../../harness/spec/types.js';
import { context, proc, stream } from './observations.js';

const one = (text: string | Buffer, c: Omit<OutputCheck, 'stream'>) =>
  checkOutput({ stream: 'p', ...c }, context({ processes: [proc('p')], streams: { p: stream(text) } }, { p: {} }))[0];

describe('output check', () => {
  it('equals: passes on the same text, fails with a bounded diff', () => {
    expect(one('hi\n', { equals: 'hi\n' })).toEqual({ title: 'the output of `p` is "hi\\n"', passed: true });
    const f = one('ho\n', { equals: 'hi\n' });
    expect(f).toMatchObject({ passed: false, expected: 'hi\n', actual: 'ho\n', rationale: 'the output of `p` is not what was expected' });
    expect(f.diff).toContain('-hi');
  });

  it('contains, matches (RE2, multi-line) and empty', () => {
    expect(one('a 42 b', { contains: '42' }).passed).toBe(true);
    expect(one('a b', { contains: '42' }).rationale).toBe('the output of `p` does not contain "42"');
    expect(one('x\nseq 7\n', { matches: '^seq \\d+$' }).passed).toBe(true);
    expect(one('seq x', { matches: '^seq \\d+$' }).rationale).toBe('the output of `p` does not match /^seq \\d+$/');
    expect(one('', { empty: true })).toEqual({ title: 'the output of `p` is empty', passed: true });
    expect(one('oops', { empty: true }).rationale).toBe('the output of `p` should be empty, but it printed 4 bytes');
  });

  it('lines: names the first line that differs, and a missing final newline', () => {
    expect(one('a\nb\n', { lines: ['a', 'b'] }).passed).toBe(true);
    expect(one('a\nc\n', { lines: ['a', 'b'] }).rationale).toBe('the output of `p` differs: line 2 should be "b" but is "c"');
    expect(one('a\nb', { lines: ['a', 'b'] }).rationale).toBe('the output of `p` differs: the last line has no newline');
    expect(one('a\nb', { lines: ['a', 'b'], ignore_partial_last_line: true }).rationale).toBe('the output of `p` differs: line 2 should be "b" but is missing');
  });

  it('line_count, lines_in_order, line_set (a range), lines_from and order', () => {
    expect(one('1\n2\n', { line_count: { min: 3 } }).rationale).toBe('the output of `p` has 2 lines, expected at least 3 lines');
    expect(one('1\n2\n', { line_count: 1 })).toMatchObject({ title: 'the output of `p` has 1 line', rationale: 'the output of `p` has 2 lines, expected 1 line' });
    expect(one('a\nx\nb\n', { lines_in_order: ['a', 'b'] }).passed).toBe(true);
    expect(one('b\na\n', { lines_in_order: ['a', 'b'] }).rationale).toBe('the output of `p` lacks "b" after the lines before it');
    expect(one('3\n1\n2\n', { line_set: { range: [1, 3] } }).passed).toBe(true);
    expect(one('1\n1\n', { line_set: ['1', '2'] })).toEqual({ title: 'the output of `p` has exactly the lines "1", "2", in any order', passed: false, rationale: 'the output of `p`: missing "2"; unexpected or repeated "1"' });
    expect(one('ab\ncd12\n', { lines_from: ['ab', 'cd\\d+'] }).passed).toBe(true);
    // one process writes it: no claim of interleaving
    expect(one('ab\nacbd\n', { lines_from: ['ab', 'cd'] }).rationale).toBe('line 2 of the output of `p` is "acbd", which is not a whole line of any expected form');
    const shared = context({ processes: [proc('a'), proc('b')], streams: { terminal: stream('ab\nacbd\n') } }, { a: { stdout: 'terminal' }, b: { stdout: 'terminal' } });
    expect(checkOutput({ stream: 'terminal', lines_from: ['ab', 'cd'] }, shared)[0].rationale).toBe('line 2 of the output of `terminal` is "acbd", which is not a whole line of any expected form: output of several processes was interleaved');
    expect(one('b\na\n', { order: [['a', 'b']] }).rationale).toBe('in the output of `p`, "b" (line 1) came before "a" (line 2), but it must come after');
  });

  it('same_bytes_as_stdin_of: the offset of the first differing byte', () => {
    const ctx = (out: string) => context({ processes: [proc('r', { stdin: Buffer.from('abc') }), proc('w')], streams: { w: stream(out) } });
    expect(checkOutput({ stream: 'w', same_bytes_as_stdin_of: 'r' }, ctx('abc'))[0].passed).toBe(true);
    expect(checkOutput({ stream: 'w', same_bytes_as_stdin_of: 'r' }, ctx('abd'))[0].rationale)
      .toBe('the output of `w` differs from the input: the first difference is at byte offset 2 (expected 0x63, got 0x64); 3 bytes in all');
  });

  it('a replicated process with its own streams is judged per instance, with ${i}', () => {
    const ctx = context({
      processes: [proc('c', { label: 'c[0]' }), proc('c', { instance: 1, label: 'c[1]', pid: 101 })],
      streams: { 'c[0].stderr': stream('I am 0\n'), 'c[1].stderr': stream('I am 0\n') },
    }, { c: { count: 2 } });
    expect(checkOutput({ stream: 'c.stderr', equals: 'I am ${i}\n' }, ctx).map((f) => [f.title, f.passed]))
      .toEqual([['the stderr of `c[0]` is "I am 0\\n"', true], ['the stderr of `c[1]` is "I am 1\\n"', false]]);
  });

  it('a check that says nothing fails as a spec error', () => {
    expect(one('x', {}).rationale).toBe('this output check says nothing to check (spec error)');
  });
});
