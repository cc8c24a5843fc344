// Test slots: tests of an exercise side by side, a heavy test with fewer neighbours, and a
// batch's students sharing out the CPUs.
import { loadCatalogue } from '../../harness/spec/load.js';
import { runInParallel, testWeight } from '../../grader/grade.js';
import { testSlots } from '../../grader/batch.js';

const catalogue = loadCatalogue();
const spec = (exercise: string, test: string) => catalogue.find((e) => e.spec.id === exercise)!.spec.tests.find((t) => t.name === test)!;

/** Runs tasks of the given weights; each lasts `ms`; returns the most running at once and the order they started. */
async function schedule(weights: number[], jobs: number, ms = 30) {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  const beside = new Map<number, number[]>();
  const live = new Set<number>();
  const results = await runInParallel(weights.map((w, i) => ({ w, i })), jobs, (t) => t.w, async (t) => {
    started.push(t.i);
    beside.set(t.i, [...live]);
    live.add(t.i);
    most = Math.max(most, ++running);
    await new Promise((r) => setTimeout(r, ms));
    running--;
    live.delete(t.i);
    return t.i * 10;
  });
  return { most, started, beside, results };
}

describe('test weights', () => {
  it('an ordinary test takes one slot, the fifty-client test all of a 2-CPU machine, a pressure test all', () => {
    expect(testWeight(spec('pipe-copy', 'short-line'), 2, false)).toBe(1);
    expect(testWeight(spec('fifo-seqnum', 'queued-requests'), 2, false)).toBe(1);
    expect(testWeight(spec('msgq-ping-pong', 'ten-clients'), 2, false)).toBe(2);
    expect(testWeight(spec('fifo-seqnum', 'fifty-clients'), 2, false)).toBe(2);
    expect(testWeight(spec('fifo-seqnum', 'fifty-clients'), 16, false)).toBe(7);
    expect(testWeight(spec('pipe-copy', 'short-line'), 4, true)).toBe(4);
  });
});

describe('runInParallel', () => {
  it('runs two ordinary tests side by side on two slots, never three, results in input order', async () => {
    const r = await schedule([1, 1, 1, 1, 1], 2);
    expect(r.most).toBe(2);
    expect(r.results).toEqual([0, 10, 20, 30, 40]);
    expect(r.started).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives a heavy test fewer neighbours: alone when it weighs all the slots, one beside it when it leaves one', async () => {
    const alone = await schedule([1, 2, 1], 2);
    expect(alone.beside.get(1)).toEqual([]);
    expect(alone.beside.get(2)).toEqual([]);
    const one = await schedule([1, 1, 3, 1, 1], 4);
    expect(one.beside.get(2)!.length).toBeLessThanOrEqual(1);
    expect(one.beside.get(3)).toEqual([2]);
    expect(one.most).toBe(2);
  });

  it('runs a task heavier than all the slots alone rather than never', async () => {
    const r = await schedule([5, 1], 2);
    expect(r.results).toEqual([0, 10]);
    expect(r.beside.get(1)).toEqual([]);
  });

  it('stops starting tasks after one fails, and throws its error once the others are done', async () => {
    const started: number[] = [];
    await expect(runInParallel([1, 2, 3, 4], 1, () => 1, async (i) => {
      started.push(i);
      if (i === 2) throw new Error('boom');
      return i;
    })).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('a batch shares out the CPUs', () => {
  it('students × test slots stay within the CPUs, with at least one slot each', () => {
    expect(testSlots(2, 2)).toBe(1);
    expect(testSlots(1, 2)).toBe(2);
    expect(testSlots(3, 8)).toBe(2);
    expect(testSlots(2, 8)).toBe(4);
    expect(testSlots(8, 2)).toBe(1);
  });
});
