// Causes read from the shape of a failed output (grader/checks/shapes.ts), through the output
// check and runChecks, on hand-built Observations shaped like the known buggy solutions' runs.
import { randomBytes } from 'node:crypto';
import { checkOutput } from '../../../grader/checks/output.js';
import { runChecks } from '../../../grader/checks/index.js';
import type { OutputCheck } from '../../../harness/spec/types.js';
import type { ProcessObservation } from '../../../harness/run/observation.js';
import { context, observation, proc, stream, testSpec } from './observations.js';

const counters = (n: number): ProcessObservation[] =>
  Array.from({ length: n }, (_, i) => proc('counter', { instance: i, label: `counter[${i}]`, pid: 100 + i, startMs: 10, endMs: 50 }));

const showing = (text: string, c: Omit<OutputCheck, 'stream'>, procs: ProcessObservation[] = counters(4)) =>
  checkOutput({ stream: 'show', ...c }, context({ processes: [...procs, proc('show', { startMs: 60, endMs: 61 })], streams: { show: stream(text) } }, { show: {}, counter: { count: procs.length } }))[0];

describe('lost updates', () => {
  it('a count below the expected one, after processes ran together: the cause first, no diff', () => {
    const f = showing('3000000\n', { equals: '4000000\n' });
    expect(f).toEqual({
      title: 'the output of `show` is "4000000\\n"',
      passed: false,
      cause: 'lost-updates',
      rationale: 'lost updates: 1000000 increments are missing (got 3000000 of 4000000): the processes changed the count at the same time without holding the lock, so some increments overwrote others',
    });
  });

  it('is not claimed when nothing ran at the same time, for small numbers, or for a count above', () => {
    const oneByOne = [proc('counter', { startMs: 1, endMs: 2 }), proc('counter', { instance: 1, label: 'counter[1]', startMs: 3, endMs: 4 })];
    expect(showing('1000\n', { equals: '2000\n' }, oneByOne).cause).toBeUndefined();
    expect(showing('3\n', { equals: '4\n' }).cause).toBeUndefined();
    expect(showing('4000001\n', { equals: '4000000\n' }).cause).toBeUndefined();
    expect(showing('4000000\n', { equals: '4000000\n' }).passed).toBe(true);
  });

  it('a second count short by the same cause says so briefly (one finding per cause)', () => {
    const test = { ...testSpec({ counter: { count: 4 }, show: {}, again: {} }), cleanup: false, checks: [
      { output: { stream: 'show', equals: '4000000\n' } },
      { output: { stream: 'again', equals: '4001000\n' } },
    ] };
    const obs = observation({ processes: [...counters(4), proc('show'), proc('again')], streams: { show: stream('3000000\n'), again: stream('3001000\n') } });
    const [first, second] = runChecks(test, obs);
    expect(first.rationale).toMatch(/^lost updates: 1000000 increments are missing .*without holding the lock/);
    expect(second).toMatchObject({ cause: 'lost-updates', rationale: 'lost updates again: 1000000 increments are missing (got 3001000 of 4001000)' });
  });
});

describe('each process sees its own copy', () => {
  const turns = (n: number) => Array.from({ length: n }, (_, i) => `${i % 2 ? 'child' : 'parent'} ${i}`);
  const own = (n: number) => Array.from({ length: n }, (_, i) => `${i % 2 ? 'child' : 'parent'} ${i >> 1}`);
  const main = (text: string, c: Omit<OutputCheck, 'stream'>) => checkOutput({ stream: 'main', ...c }, context({ processes: [proc('main')], streams: { main: stream(text) } }, { main: {} }))[0];

  it('turns on one counter expected, each label counting alone got: own-copy, no 20-line diff', () => {
    const f = main(`${own(10).join('\n')}\nfinal 5\n`, { lines: [...turns(10), 'final 10'] });
    expect(f).toMatchObject({ passed: false, cause: 'own-copy' });
    expect(f.rationale).toBe('each process sees its own copy of the counter: the "parent" lines count 0, 1, 2, 3, … and the "child" lines count 0, 1, 2, 3, …, each only its own increments, where one counter shared by both gives parent 0, child 1, parent 2, …');
    expect(f.diff).toBeUndefined();
    expect(f.expected).toBeUndefined();
  });

  it('also for a contains check whose text is the end of the turns', () => {
    expect(main(`${own(40).join('\n')}\n`, { contains: '\nchild 19999\nfinal 20000\n' }).cause).toBe('own-copy');
  });

  it('lines merely out of turn are not a private copy', () => {
    const swapped = turns(10);
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    const f = main(`${swapped.join('\n')}\nfinal 10\n`, { lines: [...turns(10), 'final 10'] });
    expect(f.cause).toBeUndefined();
    expect(f.diff).toContain('-parent 2');
  });
});

describe('binary output where text was expected', () => {
  it('says how far it is right and what follows, with no diff of unprintable bytes', () => {
    const out = Buffer.concat([Buffer.from('only block\n'), Buffer.alloc(20)]);
    const f = checkOutput({ stream: 'r', equals: 'only block\n' }, context({ processes: [proc('r')], streams: { r: stream(out) } }))[0];
    expect(f.rationale).toBe('the output of `r` is not what was expected: it starts with the 11 expected bytes, then has 20 bytes more, NUL bytes among them');
    expect(f.diff).toBeUndefined();
  });
});

describe('bytes that should equal the input', () => {
  const pager = (input: Buffer, out: Buffer) =>
    checkOutput({ stream: 'main', same_bytes_as_stdin_of: 'mkdata' }, context({ processes: [proc('mkdata', { stdin: input }), proc('main')], streams: { main: stream(out) } }))[0];

  it('a shared prefix then a difference where the input has a NUL: nul-divergence', () => {
    const input = Buffer.concat([Buffer.from('a'.repeat(73)), Buffer.from([0]), Buffer.from('tail of the file, after the NUL')]);
    const out = Buffer.concat([Buffer.from('a'.repeat(73)), Buffer.from('tail')]);
    const f = pager(input, out);
    expect(f).toMatchObject({ passed: false, cause: 'nul-divergence' });
    expect(f.rationale).toBe("the output matches the input up to byte 73, where the input has a NUL byte ('\\0'); from there on it differs (77 of 105 bytes arrived): the copy treats the data as a C string, but the input is binary");
    expect(f.expected).toBeUndefined();
  });

  it('the right size, but from some byte on the bytes of a later block: blocks-overwritten', () => {
    const input = randomBytes(64 * 1024);
    const out = Buffer.from(input);
    input.copy(out, 8192, 16384, 24576); // block 2 came where block 1 should be
    const f = pager(input, out);
    expect(f).toMatchObject({ passed: false, cause: 'blocks-overwritten' });
    expect(f.rationale).toBe('the right amount of data (65536 bytes) but different bytes from byte 8192 on: there the output holds the input\'s bytes from byte 16384, so blocks were overwritten by later ones before they were copied');
  });

  it('the right size, first differing where the input happens to hold a NUL: blocks-overwritten, not nul-divergence', () => {
    const input = randomBytes(64 * 1024);
    input[8192] = 0; // where the output first differs
    input[16384] = 1;
    const out = Buffer.from(input);
    input.copy(out, 8192, 16384, 24576);
    expect(pager(input, out)).toMatchObject({ passed: false, cause: 'blocks-overwritten' });
  });

  it('the right size with bytes from nowhere in the input: no cause, and no "N bytes / N bytes" block', () => {
    const input = randomBytes(4096);
    const out = Buffer.from(input);
    out[100] ^= 0xff;
    const f = pager(input, out);
    expect(f.cause).toBeUndefined();
    expect(f.expected).toBeUndefined();
    expect(f.actual).toBeUndefined();
    expect(f.rationale).toMatch(/first difference is at byte offset 100/);
  });
});
