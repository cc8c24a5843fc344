// The exercises' own cause rules tell apart the outputs of different bugs: built from hand-made
// Observations of the shapes each known solution prints (no process runs).
import { loadCatalogue } from '../../harness/spec/load.js';
import { matchedHints } from '../../grader/hints.js';
import { observation, proc, stream } from './checks/observations.js';

const [pipeSync, fifoTee] = ['pipe-sync', 'fifo-tee'].map((id) => loadCatalogue(undefined, [id])[0].spec);
const test = (spec: typeof pipeSync, name: string) => spec.tests.find((t) => t.name === name)!;
const line = (i: number) => `${i % 2 ? 'child' : 'parent'} ${i}\n`;
const lines = (is: number[]) => is.map(line).join('');
const range = (from: number, to: number, step = 1) => Array.from({ length: Math.ceil((to - from) / step) }, (_, k) => from + k * step);

describe("pipe-sync's order rules", () => {
  const causeOf = (name: string, out: string) =>
    matchedHints(test(pipeSync, name), observation({ processes: [proc('main')], streams: { main: stream(out) } }), pipeSync).map((h) => h.cause);

  it('lines in blocks from the start are unflushed turns: stdout-buffered', () => {
    expect(causeOf('n-10', lines([...range(1, 10, 2), ...range(0, 10, 2)]))).toEqual(['stdout-buffered']); // the child exits first
    expect(causeOf('n-2000', lines([...range(1, 800, 2), ...range(0, 800, 2), ...range(801, 2000, 2), ...range(800, 2000, 2)]))).toEqual(['stdout-buffered']);
  });

  it('pairs out of turn, and a long run only at the end (sleepers drifting apart), are turns not waited for', () => {
    expect(causeOf('n-10', lines([1, 0, 3, 5, 2, 4, 7, 6, 9, 8]))).toEqual(['turn-not-waited']);
    const drift = [...range(0, 1800).map((i) => i ^ 1), ...range(1801, 2000, 2), ...range(1800, 2000, 2)];
    expect(causeOf('n-2000', lines(drift))).toEqual(['turn-not-waited']);
  });

  it('right turns give no order hint', () => {
    expect(causeOf('n-10', lines(range(0, 10)))).toEqual([]);
  });
});

describe("fifo-tee's reader-leaves rules", () => {
  const causeOf = (warnings: number, stdoutBytes: number) => {
    const warn = 'fifo_tee: reader closed /w/f\n'.repeat(warnings);
    const obs = observation({ processes: [proc('reader'), proc('tee')], streams: { tee: stream(Buffer.alloc(stdoutBytes)), 'tee.stderr': stream(warn) } });
    return matchedHints(test(fifoTee, 'reader-leaves'), obs, fifoTee).map((h) => h.cause);
  };

  it('a repeated warning is epipe-repeated; one warning and stdout cut short is stopped-after-epipe', () => {
    expect(causeOf(5, 1048576)).toEqual(['epipe-repeated']);
    expect(causeOf(1, 131072)).toEqual(['stopped-after-epipe']);
    expect(causeOf(1, 1048576)).toEqual([]);
  });
});
