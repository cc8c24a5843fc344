// ipclab's own event loop blocked (synchronous work elsewhere in the process) during a wait: the
// output that arrived meanwhile is read before the wait is declared expired, and the time ipclab
// could not run is not counted against the wait; a program that never prints still fails.
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTest } from '../../harness/run/run-test.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { terminationReason } from '../../grader/wording.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipclab-stall-'));
  chmodSync(dir, 0o755); // bound read-only into the run (as a PATH folder): its processes see `go` appear
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** True when some process's command line contains `token` (the test's program has started). */
function running(token: string): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(token)) return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

/** Once a process names `go` (the wait has begun), creates `go` and blocks this process's event loop for `ms`. */
function blockWhenStarted(go: string, ms: number): { seen: () => boolean; stop: () => void } {
  let seen = false;
  const timer = setInterval(() => {
    if (seen || !running(go)) return;
    seen = true;
    writeFileSync(go, '');
    // after the poll phase, like work that follows an I/O callback: the loop's next turn runs the
    // wait's expired timer before it reads what arrived meanwhile
    setImmediate(() => {
      const end = Date.now() + ms;
      while (Date.now() < end); // synchronous: nothing of ipclab runs meanwhile
    });
  }, 10);
  return { seen: () => seen, stop: () => clearInterval(timer) };
}

function spec(shell: string, waitFor: string): TestSpec {
  return {
    name: 't', title: 't', points: 1, timeout: '20s',
    processes: { main: { run: ['sh', '-c', shell] } },
    script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: waitFor } }, timeout: '1s' }],
    checks: [],
  };
}

describe('a wait while ipclab itself cannot run', () => {
  it('sees output printed in time while its event loop was blocked past the wait\'s limit', async () => {
    const go = join(dir, 'go');
    // "ready" comes only once the block has begun (go is made just before it): the wait can see it only after the block
    const block = blockWhenStarted(go, 2500);
    try {
      const obs = await runTest(spec(`while [ ! -e ${go} ]; do sleep 0.01; done; echo ready; sleep 0.5`, 'ready'), { pathDirs: [dir], exerciseDir: '/tmp' });
      expect(block.seen()).toBe(true);
      expect(obs.termination).toBeUndefined();
      // the wait went past its own limit and held only because the stall was not counted
      expect(obs.load?.stretched.budgets).toBeGreaterThanOrEqual(1);
    } finally {
      block.stop();
    }
  });

  // a guard for the settle phase: it must read pending frames (its snapshot poll, or the catch-up) before calling the timeout
  it('sees an exit that came in time while its event loop was blocked past the test\'s timeout', async () => {
    const go = join(dir, 'go');
    const block = blockWhenStarted(go, 2500);
    try {
      const t: TestSpec = { name: 't', title: 't', points: 1, timeout: '1s', processes: { main: { run: ['sh', '-c', `while [ ! -e ${go} ]; do sleep 0.01; done`] } }, checks: [] };
      const obs = await runTest(t, { pathDirs: [dir], exerciseDir: '/tmp' });
      expect(block.seen()).toBe(true);
      expect(obs.termination).toBeUndefined();
      expect(obs.processes[0].exit).toEqual({ code: 0 });
    } finally {
      block.stop();
    }
  });

  it('still fails a program that never prints what the wait is for', async () => {
    const go = join(dir, 'go');
    const block = blockWhenStarted(go, 2500);
    try {
      const obs = await runTest(spec(`echo other; sleep 30 || ${go}`, 'ready'), { pathDirs: [dir], exerciseDir: '/tmp' });
      expect(block.seen()).toBe(true);
      expect(obs.termination?.reason).toBe('step-timeout');
      // the stall is owed back up to the ceiling (three times the 1 s limit), and said as the grader's, not the program's
      expect(terminationReason(obs.termination!)).toMatch(/^the test waited \d+\.\d s for `main` to print the line "ready", which did not happen \(not counting (\d\.\d s its processes waited for a CPU and )?\d\.\d s the grader itself could not run\)$/);
      expect(obs.load?.stalledMs).toBeGreaterThan(0);
    } finally {
      block.stop();
    }
  });
});
