// A process asleep until a timer of its own fires is not hung (harness/observe/times.ts WAKE, the
// init's wake_bits); one that nothing can wake is a hang at once, with the hang's own message.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTest } from '../../harness/run/run-test.js';
import { packageRoot } from '../../harness/settings.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { diagnosisSummary, terminationReason } from '../../grader/wording.js';
import { processWords } from '../../grader/wording/hang.js';
import { parseSnapshot } from '../../harness/observe/snapshot.js';

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'ipclab-timed-'));
  chmodSync(bin, 0o755);
  execFileSync('cc', ['-O2', '-Wall', '-o', join(bin, 'timed'), join(packageRoot(), 'test/fixtures/timed-waits/timed.c'), '-lrt', '-pthread']);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function timed(mode: string, timeout: string): Promise<import('../../harness/run/observation.js').Observation> {
  const test: TestSpec = { name: 't', title: 't', points: 1, timeout, processes: { main: { run: ['timed', mode] } }, checks: [{ exit: { process: 'main', code: 0 } }] };
  return runTest(test, { pathDirs: [bin], exerciseDir: '/tmp' });
}

/** The message of a hang recognised before the timeout (a timeout says "did not finish within"). */
const HANG = /^the test could not finish: every process still running was blocked, with no output, no exit and no CPU used for \d\.\d s: `main` still running$/;

describe('timed waits', () => {
  // each sleeps 1 s, twice the quiet time after which a run whose processes are all blocked for good is a hang
  it.each([
    ['alarm-pause', 'alarm(1) and pause() with a SIGALRM handler'],
    ['itimer-pause', 'setitimer(ITIMER_REAL) and pause()'],
    ['alarm-sigsuspend', 'SIGALRM blocked but in sigsuspend()'],
    ['alarm-read', 'read() on a pipe that an alarm interrupts'],
    ['posix-timer', 'a POSIX timer that signals pause()'],
    ['timerfd', 'read() on a timerfd'],
    ['socket-timeout', 'read() on a socket with SO_RCVTIMEO'],
    ['leader-exits', 'a main thread that left (pthread_exit) while another thread sleeps'],
  ])('%s: %s is not hung, and prints after it wakes', async (mode) => {
    const obs = await timed(mode, '8s');
    expect(obs.termination).toBeUndefined();
    expect(obs.streams.main.head.toString()).toBe('woke\n');
    expect(obs.processes[0].exit).toEqual({ code: 0 });
  });

  // the snapshot, not only the times sample: diagnose, leftovers, signals to others and the
  // `stopped` condition read it, and a zombie leader there would be "exited" or "hung"
  it('leader-exits: a snapshot shows the live thread of a process whose main thread has left', async () => {
    const test: TestSpec = {
      name: 't', title: 't', points: 1, timeout: '8s',
      processes: { main: { run: ['timed', 'leader-exits'] } },
      script: [
        { start: 'main' },
        { sleep: '300ms' },
        { sample: 'before' },
        // the STOP step waits until the process shows stopped: a zombie leader never would
        { signal: { process: 'main', signal: 'STOP' } },
        { sample: 'stopped' },
        { signal: { process: 'main', signal: 'CONT' } },
        { wait: { exited: 'main' }, timeout: '5s' },
      ],
      checks: [{ exit: { process: 'main', code: 0 } }],
    };
    const obs = await runTest(test, { pathDirs: [bin], exerciseDir: '/tmp' });
    const main = (name: string) => obs.samples[name].processes.find((p) => p.pid === obs.processes[0].pid);
    const before = main('before')!;
    expect({ state: before.state, argv: before.argv.slice(1), call: before.syscall?.name, fd1: before.fds.some((f) => f.fd === 1) })
      .toEqual({ state: 'S', argv: ['leader-exits'], call: 'clock_nanosleep', fd1: true });
    expect(main('stopped')?.state).toBe('T');
    expect(obs.termination).toBeUndefined();
    expect(obs.processes[0].exit).toEqual({ code: 0 });
  });

  // as root the init finds a test process's alarm in /proc/timer_list: with SIGALRM left alone
  // it ends the process, so the pause() is not a hang (unprivileged, it cannot be known)
  const rootInit = process.getuid?.() === 0;
  (rootInit ? it : it.skip)('alarm-default: alarm(1) and pause() with SIGALRM left alone is not hung: the alarm ends it', async () => {
    const obs = await timed('alarm-default', '8s');
    expect(obs.termination).toBeUndefined();
    expect(obs.processes[0].exit).toEqual({ signal: 'SIGALRM' });
  });

  (rootInit ? it : it.skip)('alarm-default-20: a test out of time says the process waits for its alarm, and when it is due', async () => {
    const obs = await timed('alarm-default-20', '2s');
    expect(obs.termination?.reason).toBe('timeout');
    expect(obs.termination).not.toHaveProperty('hang');
    expect(diagnosisSummary(obs.diagnosis!)).toMatch(/^`main` \(pid \d+\) is waiting for an alarm it set, due in 1[6-8]\.\d s \(blocked in pause\(\)\)$/);
  });

  it('reads alarm records strictly, and words an alarm that cannot be known', () => {
    const proc = 'proc 7 w S 1 7 7 0 -1 4194304 100 0 0 0 12 3 0 0 20 0 1 0 500';
    const alarmOf = (rec: string) => {
      const inv = parseSnapshot(`time 1\n${proc}\n${rec}\nend\n`);
      return inv.malformed ? 'malformed' : inv.processes[0].alarm;
    };
    expect([alarmOf('alarm 7 2500000000'), alarmOf('alarm 7 0'), alarmOf('alarm 7 -1')]).toEqual([{ inMs: 2500 }, 'none', 'unknown']);
    for (const bad of ['alarm 7', 'alarm 7 -2', 'alarm 7 1 2', 'alarm 8 1', 'alarm 7 0x1']) expect(alarmOf(bad)).toBe('malformed');
    const blocked = { pid: 7, label: 'w', program: 'w', who: { pid: 7, label: 'w', program: 'w' }, state: 'blocked' as const, call: 'pause', on: { kind: 'signal' as const }, cpuTicks: 0 };
    const all = { processes: [blocked], standstill: 'all-blocked' as const, testCpuS: 0 };
    expect(processWords({ ...blocked, alarm: 'unknown' }, all)).toBe('`w` (pid 7) is blocked in pause() waiting for a signal (whether it set an alarm() cannot be seen here)');
    expect(processWords({ ...blocked, alarm: { inMs: 2500 } }, all)).toBe('`w` (pid 7) is waiting for an alarm it set, due in 2.5 s (blocked in pause())');
    // a call the alarm interrupts: what it waits on, then the alarm
    expect(processWords({ ...blocked, call: 'read', on: { kind: 'descriptor', fd: 3 }, alarm: { inMs: 2500 } }, all)).toMatch(/^`w` \(pid 7\) is blocked in read\(\).*, until an alarm it set, due in 2\.5 s$/);
  });

  it.each([
    ['pause', 'pause() with no timer and no handler'],
    ['socket', 'recv() on a socket without a timeout whose other end it holds itself'],
  ])('%s: %s is a hang, recognised before the timeout', async (mode) => {
    const obs = await timed(mode, '20s');
    expect(obs.termination?.reason).toBe('timeout');
    expect(terminationReason(obs.termination!)).toMatch(HANG);
  });
});
