// Load-aware time (harness/run/pace.ts): a hang is recognised at once, a sleeping or starved
// process is not one, and a starved test's limit is stretched by its run-queue delay.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTest } from '../../harness/run/run-test.js';
import { parseTimes, blockedForGood } from '../../harness/observe/times.js';
import { packageRoot } from '../../harness/settings.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { diagnosisSummary, terminationReason } from '../../grader/wording.js';

const opts = { pathDirs: [] as string[], exerciseDir: '/tmp' };
let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'ipclab-pace-'));
  chmodSync(bin, 0o755);
  execFileSync('cc', ['-O2', '-Wall', '-o', join(bin, 'timed'), join(packageRoot(), 'test/fixtures/timed-waits/timed.c'), '-lrt']);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function test(processes: TestSpec['processes'], extra: Partial<TestSpec> = {}): TestSpec {
  return { name: 't', title: 't', points: 1, timeout: '10s', processes, checks: [{ exit: { process: Object.keys(processes)[0], code: 0 } }], ...extra };
}

describe('load-aware time', () => {
  it('ends a run whose processes are all blocked for good long before its timeout, with the hang diagnosis', async () => {
    // a FIFO opened with no writer: open() blocks with no timeout, nothing else can happen
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'mkfifo f; exec cat f'] } }), opts);
    expect(obs.termination?.reason).toBe('timeout');
    expect(terminationReason(obs.termination!)).toMatch(/^the test could not finish: every process still running was blocked, with no output, no exit and no CPU used for 0\.\d s: `main` still running$/);
    expect(diagnosisSummary(obs.diagnosis!)).toMatch(/open/);
    expect(obs.durationMs).toBeLessThan(4000);
  });

  it('does not take a process sleeping in a timed call for a hung one', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'sleep 1.5; echo done'] } }, { timeout: '5s' }), opts);
    expect(obs.termination).toBeUndefined();
    expect(obs.processes[0].exit).toEqual({ code: 0 });
    // within its own limits: nothing held only thanks to stretching
    expect(obs.load?.stretched).toEqual({ budgets: 0, beyondMs: 0 });
  });

  it('counts a wait that held only because its budget was stretched by its process\'s CPU waits', async () => {
    // runnable for 1.7 s of wall time before "ready" (a C program that spins until then: a start
    // too short to matter), on a CPU shared with five busy processes: a 1 s wait fails unless its
    // budget is stretched, and holds when it is, as long as the process ran at most 1 s of those
    // 1.7 s and waited for the CPU the rest (its fair share is a sixth; the ceiling is 3 s)
    const obs = await runTest(test({ main: { run: ['timed', 'spin', '1.7'] } }, {
      pressure: { cpus: 1, hogs: 5 },
      script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: 'ready' } }, timeout: '1s' }],
    }), { ...opts, pathDirs: [bin] });
    expect(obs.termination).toBeUndefined();
    expect(obs.processes[0].exit).toEqual({ code: 0 });
    expect(obs.load?.stretched.budgets).toBeGreaterThanOrEqual(1);
    expect(obs.load?.stretched.beyondMs).toBeGreaterThan(0);
  });

  it('does not end a wait early while a later step could still feed the process', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'read x; echo got $x'] } }, {
      script: [
        { start: 'main' },
        { wait: { output: { stream: 'main', line: 'never' } }, timeout: '1500ms' },
        { send: { process: 'main', text: 'hi\n' } },
      ],
    }), opts);
    expect(obs.termination?.reason).toBe('step-timeout');
    expect(terminationReason(obs.termination!)).toMatch(/^the test waited 1\.[5-9] s for `main` to print the line "never", which did not happen/);
  });

  it('says how long the test had run when its own deadline, not the wait\'s, ended a wait', async () => {
    // the first wait takes nearly all of the test's 1 s; the second has 5 s of its own but only what is left of the test's
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'sleep 0.8; echo a; exec sleep 5'] } }, {
      timeout: '1s',
      script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: 'a' } }, timeout: '5s' }, { wait: { exited: 'main' }, timeout: '5s' }],
    }), opts);
    expect(obs.termination?.reason).toBe('step-timeout');
    expect(terminationReason(obs.termination!)).toMatch(/^the test ran out of time while it waited for `main` to exit: it had run 1\.\d s in all, past its limit of 1 s, and this wait had lasted 0\.[0-3] s$/);
  });

  it('stretches a timeout by the run-queue delay of a starved process, up to three times itself', async () => {
    // confined with three busy processes to one CPU: it gets about a quarter of it, and its timeout hits the 3x ceiling
    const t0 = Date.now();
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'while :; do :; done'] } }, { timeout: '1s', pressure: { cpus: 1, hogs: 3 } }), opts);
    const wall = Date.now() - t0;
    expect(obs.termination?.reason).toBe('timeout');
    expect(terminationReason(obs.termination!)).toMatch(/did not finish within 1 s \(not counting \d\.\d s its processes waited for a CPU\)/);
    expect(obs.load?.overloaded).toBe(true);
    expect(wall).toBeGreaterThan(1800);
    expect(wall).toBeLessThan(6000);
  });

  it('parses only times frames the init could have written', () => {
    const t = parseTimes('load 123 2.50 1.20 2 0\np 2 S 0 5 7 0 0 0 0x3 0x7f 0x10 0 0 0 0x1 0x2\n');
    expect(t?.procs.get(2)).toMatchObject({ state: 'S', delayNs: 7, syscall: { nr: 0 } });
    expect(blockedForGood(t!.procs.get(2)!)).toBe(process.arch === 'x64');
    expect(parseTimes('load 1 2 3 4 0\np 2 S x 0 0 0 0\n')).toBeUndefined();
    // a read that a SIGALRM handler or a socket timeout may end
    expect(blockedForGood(parseTimes('load 1 0 -1 2 0\np 2 S 0 0 0 0 1 0 0x3 0x7f 0x10 0 0 0 0x1 0x2\n')!.procs.get(2)!)).toBe(false);
    expect(blockedForGood(parseTimes('load 1 0 -1 2 0\np 2 S 0 0 0 0 8 0 0x3 0x7f 0x10 0 0 0 0x1 0x2\n')!.procs.get(2)!)).toBe(false);
    expect(parseTimes('proc 2\n')).toBeUndefined();
    // nanosleep ends by itself
    expect(blockedForGood(parseTimes('load 1 0 -1 2 0\np 3 S 0 0 0 0 0 35 0x1 0x0 0 0 0 0 0x1 0x2\n')!.procs.get(3)!)).toBe(false);
  });
});
