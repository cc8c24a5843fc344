// Starved, busy or blocked: real processes on a CPU that busy processes saturate, and on a free
// one. A starved process is never called a busy loop, and its test is the machine's fault.
import { availableParallelism } from 'node:os';
import { runTest } from '../../harness/run/run-test.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { verdict } from '../../grader/score.js';
import { runChecks } from '../../grader/checks/index.js';
import { cpuKind, testCpuSince } from '../../harness/observe/cpu.js';
import { parseSnapshot } from '../../harness/observe/snapshot.js';
import { diagnosisSummary, machineStarvedWords } from '../../grader/wording.js';

const opts = { pathDirs: [], exerciseDir: '/tmp' };
/** Needs CPU all along: a start-up that never gets far enough to say "ready". */
const SPIN = ['sh', '-c', 'while :; do :; done; echo ready'];

function waitsForReady(extra: Partial<TestSpec> = {}): TestSpec {
  return {
    name: 'cpu', title: 'cpu', points: 1, timeout: '20s',
    processes: { server: { run: SPIN } },
    script: [{ start: 'server' }, { wait: { output: { stream: 'server', text_matches: 'ready' } }, timeout: '2s' }],
    checks: [{ exit: { process: 'server', code: 0 } }],
    ...extra,
  };
}

const numbers = (s: string) => /it waited (\d+\.\d) s of (\d+\.\d) s for one, and ran (\d+\.\d) s/.exec(s)?.slice(1).map(Number);

describe('a process on a CPU that busy processes saturate', () => {
  it('is starved, never a busy loop, and the timed-out test is an error of the machine, not a fail', async () => {
    // six busy processes on the one CPU the server may use: it gets about a seventh of it
    const test = waitsForReady({ pressure: { cpus: 1, hogs: 6 } });
    const obs = await runTest(test, opts);
    expect(obs.termination?.reason).toBe('step-timeout');
    const d = obs.diagnosis!;
    expect(d.processes.map((p) => p.state)).toEqual(['starved']);
    expect(diagnosisSummary(d)).not.toMatch(/busy loop/);
    expect(diagnosisSummary(d)).toMatch(/^`server` \(pid \d+\) was ready to run but the machine was too busy to give it a CPU \(it waited \d+\.\d s of \d+\.\d s for one, and ran \d+\.\d s\)$/);
    const [waited, window, ran] = numbers(diagnosisSummary(d))!;
    expect(window).toBeGreaterThanOrEqual(1.5);
    expect(waited).toBeGreaterThan(window / 2);
    expect(ran).toBeLessThan(window / 2);
    expect(machineStarvedWords(d)).toBe(diagnosisSummary(d));
    const result = verdict(test, obs, runChecks(test, obs), 'full');
    expect(result.status).toBe('error');
    expect(result.points).toBe(0);
    expect(result.reason).toMatch(/^the machine grading this was too busy to run the test in time \(not your fault\): the test waited \d+\.\d s for `server` to print .*; `server` \(pid \d+\) was ready to run/);
  });

  it("is the test's own doing when the test's own processes keep the CPU busy: a fail, never the machine's fault", async () => {
    // the test's own spinners share the server's one CPU, each in a session of its own so that the
    // scheduler's autogroups give them the share of several programs, as a student's could
    const test = waitsForReady({
      pressure: { cpus: 1 },
      processes: { server: { run: SPIN }, spinner: { run: ['setsid', '-w', 'sh', '-c', 'while :; do :; done'], count: 4 } },
      script: [{ start: ['server', 'spinner'] }, { wait: { output: { stream: 'server', text_matches: 'ready' } }, timeout: '2s' }],
    });
    const obs = await runTest(test, opts);
    expect(obs.diagnosis!.machineStarved).toBeUndefined();
    expect(diagnosisSummary(obs.diagnosis!)).not.toContain('the machine was too busy');
    expect(verdict(test, obs, runChecks(test, obs), 'full').status).toBe('failed');
  });

  it("counts the CPU of the test's exited processes and orphans as the test's: short-lived burners are no busy machine", async () => {
    // each round leaves ten orphans that burn CPU in sessions of their own and exit before any
    // snapshot sees them: only the init's reaped time (and cutime) says they were the test's
    const burn = "i=0; while [ $i -lt 60000 ]; do i=$((i+1)); done";
    const test = waitsForReady({
      pressure: { cpus: 1 },
      processes: { server: { run: SPIN }, burner: { run: ['sh', '-c', `while :; do for k in 1 2 3 4 5 6 7 8 9 10; do (setsid sh -c '${burn}' &); done; sleep 0.2; done`] } },
      script: [{ start: ['server', 'burner'] }, { wait: { output: { stream: 'server', text_matches: 'ready' } }, timeout: '2s' }],
    });
    const obs = await runTest(test, opts);
    expect(obs.diagnosis!.processes.find((p) => p.label === 'server')!.state).toBe('starved');
    expect(obs.diagnosis!.machineStarved).toBeUndefined();
    expect(verdict(test, obs, runChecks(test, obs), 'full').status).toBe('failed');
  });
});

describe('a process spinning on a CPU of its own', () => {
  it('is still called a busy loop, with its numbers', async () => {
    // confined to one CPU that nothing of ipclab's shares; the machine's other load (other gradings
    // on a shared machine) may take most of it: a try where it did is called starved — checked — and
    // tried again; a busy loop must be named within three tries
    let busy: string | undefined;
    for (let tries = 0; tries < 3 && !busy; tries++) {
      const obs = await runTest(waitsForReady({ pressure: { cpus: 1 } }), opts);
      const d = obs.diagnosis!;
      expect(d.processes.map((p) => p.state)).toEqual(['running']);
      if (d.machineStarved) {
        expect(diagnosisSummary(d)).toMatch(/^`server` \(pid \d+\) was ready to run but the machine was too busy to give it a CPU/);
        continue;
      }
      busy = diagnosisSummary(d);
    }
    expect(busy).toMatch(/^`server` \(pid \d+\) is running, not waiting for anything \(it used (\d+\.\d) s of CPU in (\d+\.\d) s\): a busy loop\?$/);
    const [used, window] = /it used (\d+\.\d) s of CPU in (\d+\.\d) s/.exec(busy!)!.slice(1).map(Number);
    // the least harness/observe/cpu.ts calls busy: runnable for half the window, a fifth of that on a
    // CPU (a spinner sharing its CPU with the machine's other load gets no more)
    expect(used).toBeGreaterThanOrEqual(window / 10);
    expect(used).toBeLessThanOrEqual(window + 0.1);
  });

  it('blocked stays blocked, whatever its CPU', async () => {
    const obs = await runTest(waitsForReady({ processes: { server: { run: ['sh', '-c', 'read x'], stdin: { text: '', hold_from: 0 } } } }), opts);
    expect(obs.diagnosis!.processes.map((p) => p.state)).toEqual(['blocked']);
    expect(diagnosisSummary(obs.diagnosis!)).toMatch(/is blocked in read\(\) on its standard input/);
  });
});

describe('the numbers behind the words', () => {
  it('calls busy what used the CPU it was given, starved what waited for one, and nothing else either', () => {
    expect(cpuKind({ windowS: 5, cpuS: 4.9, delayS: 0.1 })).toBe('busy');
    expect(cpuKind({ windowS: 5, cpuS: 2.0, delayS: 2.9 })).toBe('busy'); // shares a CPU with one other, and some load
    expect(cpuKind({ windowS: 5, cpuS: 1.0, delayS: 3.9 })).toBe('busy'); // a fifth of its CPU: one of five spinners
    expect(cpuKind({ windowS: 5, cpuS: 0.6, delayS: 4.2 })).toBe('starved'); // waited more than four times as long as it ran
    expect(cpuKind({ windowS: 5, cpuS: 0.1, delayS: 4.6 })).toBe('starved');
    expect(cpuKind({ windowS: 5, cpuS: 0.1, delayS: 0.2 })).toBe('unclear'); // mostly asleep
    expect(cpuKind({ windowS: 5, cpuS: 0.1 })).toBe('unclear'); // no run-queue delay known: never busy
    expect(cpuKind({ windowS: 0.05, cpuS: 0.05, delayS: 0 })).toBe('unclear'); // too short to say
  });

  it('reads sched records strictly: four numbers, after the process, once', () => {
    const proc = 'proc 7 sh S 1 7 7 0 -1 4194304 100 0 0 0 12 3 0 0 20 0 1 0 500';
    const good = parseSnapshot(`time 1\n${proc}\nsched 7 150000000 4600000000 12 9000000000\nend\n`);
    expect(good.malformed).toBe(0);
    expect(good.processes[0].sched).toEqual({ runNs: 150000000, delayNs: 4600000000, slices: 12, bootNs: 9000000000n });
    for (const bad of ['sched 7 1 2 3', 'sched 7 1 2 3 4 5', 'sched 7 1 -2 3 4', 'sched 7 1 2 3 0x4', 'sched 8 1 2 3 4']) {
      expect(parseSnapshot(`time 1\n${proc}\n${bad}\nend\n`).malformed).toBe(1);
    }
    expect(parseSnapshot(`time 1\nsched 7 1 2 3 4\n${proc}\nend\n`).malformed).toBe(1);
    expect(parseSnapshot(`time 1\n${proc}\nsched 7 1 2 3 4\nsched 7 1 2 3 4\nend\n`).malformed).toBe(1);
  });

  it("counts as the test's CPU its live processes, the children they reaped and what the init reaped", () => {
    const proc = (pid: number, start: number, cpu: string, children: string) => `proc ${pid} sh R 1 ${pid} ${pid} 0 -1 0 0 0 0 0 ${cpu} 0 ${children} 0 20 0 1 0 ${start}`;
    const before = parseSnapshot(`time 1000000000\n${proc(2, 5, '100', '0')}\n${proc(3, 6, '50', '0')}\nreaped 10\nend\n`);
    // 2 ran 1 s and reaped children that ran 2 s; 3 exited (its 0.5 s more reaped by the init);
    // 4 is new (0.3 s); pid 3 again, but a new process (another start time): all its 0.2 s count
    const now = parseSnapshot(`time 3000000000\n${proc(2, 5, '200', '200')}\n${proc(4, 7, '30', '0')}\n${proc(3, 9, '20', '0')}\nreaped 160\nend\n`);
    expect(testCpuSince(now, before)).toBeCloseTo(1 + 2 + 1.5 + 0.3 + 0.2, 5);
    expect(testCpuSince(parseSnapshot('time 1\nend\n'), before)).toBeUndefined(); // the init did not say
  });

  it('reads the reaped record strictly: one count, once', () => {
    expect(parseSnapshot('time 1\nreaped 42\nend\n')).toMatchObject({ reapedTicks: 42, malformed: 0 });
    for (const bad of ['reaped', 'reaped -1', 'reaped 1 2', 'reaped x']) expect(parseSnapshot(`time 1\n${bad}\nend\n`).malformed).toBe(1);
    expect(parseSnapshot('time 1\nreaped 1\nreaped 2\nend\n')).toMatchObject({ reapedTicks: 1, malformed: 1 });
  });
});

it('runs where pressure can be confined (more than one CPU)', () => {
  expect(availableParallelism()).toBeGreaterThan(1);
});
