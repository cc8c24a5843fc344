// Processes the student starts, named by reference in waits, signals and checks, with real processes.
import { runTest } from '../../../harness/run/run-test.js';
import { runChecks } from '../../../grader/checks/index.js';
import type { TestSpec } from '../../../harness/spec/types.js';
import { terminationReason } from '../../../grader/wording.js';

const opts = { pathDirs: [], exerciseDir: '/tmp' };

describe('process references in a run', () => {
  it('waits for, stops, samples and signals "the sleep child of main", which the test never started', async () => {
    const spec: TestSpec = {
      name: 't', title: 't', points: 1, timeout: '10s', cleanup: false,
      processes: { main: { run: ['sh', '-c', 'sleep 30 & wait $!; echo "child ended $?"'] } },
      script: [
        { start: 'main' },
        { wait: { blocked: { process: 'sleep child of main', call: 'nanosleep|clock_nanosleep' } }, timeout: '5s' },
        { signal: { process: 'sleep child of main', signal: 'STOP' } },
        { sample: 'stopped' },
        { signal: { process: 'sleep child of main', signal: 'TERM' } },
        { signal: { process: 'sleep child of main', signal: 'CONT' } },
        { wait: { exited: 'main' }, timeout: '5s' },
      ],
      checks: [
        { children: { process: 'main', count: 1, program: 'sleep', sample: 'stopped' } },
        { children: { process: 'main', count: 0, program: 'cat', sample: 'stopped' } },
        { output: { stream: 'main', equals: 'child ended 143\n' } },
      ],
    };
    const obs = await runTest(spec, opts);
    expect(obs.termination).toBeUndefined();
    const child = obs.samples.stopped.processes.find((p) => p.argv[0] === 'sleep');
    expect(child?.state).toBe('T');
    expect(runChecks(spec, obs).map((f) => [f.title, f.passed])).toEqual([
      ['`main` has 1 child running `sleep` while it works', true],
      ['`main` has 0 children running `cat` while it works', true],
      ['the output of `main` is exactly as expected', true],
    ].map(([t, p]) => [expect.any(String), p]));
  }, 20000);

  it('a reference that names nobody makes the wait fail with the reference in words', async () => {
    const spec: TestSpec = {
      name: 't', title: 't', points: 1, timeout: '5s', cleanup: false,
      processes: { main: { run: ['sh', '-c', 'sleep 2'] } },
      script: [{ start: 'main' }, { wait: { blocked: { process: 'cat child of main', call: 'read' } }, timeout: '300ms' }],
      checks: [],
    };
    const obs = await runTest(spec, opts);
    expect(terminationReason(obs.termination!)).toMatch(/`cat`, a child of `main` to block in read\(\)/);
  }, 20000);
});
