// Alone (run after the parallel files, by itself): it proves no strace is left on the host, and another
// file tracing at the same moment would have straces with the same filter.
// Traced runs with real processes: strace attached by the init before each exec, its text parsed
// into Observation.trace; signals reach the program, not strace; no strace is left behind.
import { readFileSync } from 'node:fs';
import { runTest } from '../../../harness/run/run-test.js';
import { channelFlows } from '../../../harness/observe/flows.js';
import type { TraceCall } from '../../../harness/observe/trace.js';
import { resetSettings } from '../../../harness/settings.js';
import type { TestSpec } from '../../../harness/spec/types.js';
import { verdict } from '../../../grader/score.js';
import { processesWith } from '../../helpers.js';

const opts = { pathDirs: [], exerciseDir: '/tmp' };
// the init's strace filter: only its straces have it on their command line
const OUR_STRACE = 'trace=%process,?pipe,?pipe2';

/** This file's straces: those descended from this process (other work on the host may trace too). */
function ourStraces(): number[] {
  const ours = (pid: number): boolean => {
    for (let p = pid, i = 0; p > 1 && i < 10; i++) {
      try { p = Number(/\nPPid:\t(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))![1]); } catch { return false; }
      if (p === process.pid) return true;
    }
    return false;
  };
  return processesWith(OUR_STRACE).filter(ours);
}

function test(processes: TestSpec['processes'], extra: Partial<TestSpec> = {}): TestSpec {
  return { name: 't', title: 't', points: 1, timeout: '5s', trace: true, processes, checks: [], ...extra };
}

describe('a traced run', () => {
  afterEach(() => {
    delete process.env.IPCLAB_STRACE;
    resetSettings();
  });

  it('shows the pipe write and read of `echo hi | cat` by the right processes, and each exit', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'echo hi | cat'] } }), opts);
    expect(obs.traceUnavailable).toBeUndefined();
    expect(obs.streams.main.head.toString()).toBe('hi\n');
    const trace = obs.trace!;
    const main = obs.processes[0].pid!;
    const forks = trace.filter((e): e is TraceCall => e.kind === 'call' && e.pid === main && /^(clone|fork|vfork)/.test(e.call));
    const children = forks.map((c) => c.retValue!);
    expect(children).toHaveLength(2);
    const flows = channelFlows(trace).filter((f) => f.transfers.length);
    expect(flows).toHaveLength(1);
    expect(flows[0].transfers).toEqual([{ from: children[0], to: children[1], bytes: 3 }]);
    const execs = trace.filter((e): e is TraceCall => e.kind === 'call' && e.call === 'execve' && e.retValue === 0);
    expect(execs.map((e) => e.path)).toEqual(expect.arrayContaining(['/usr/bin/sh', '/usr/bin/cat']));
    // the init's preparation (its SIGSTOP, SIGCONT) is not part of the program's trace
    expect(trace.some((e) => e.kind === 'stopped' || (e.kind === 'signal' && e.signal === 'SIGCONT'))).toBe(false);
    expect(trace.filter((e) => e.kind === 'exit').map((e) => e.pid).sort()).toEqual([main, ...children].sort());
    // exit times are the program's own: strace's exit line is not later than the init's reap
    const exit = trace.find((e) => e.kind === 'exit' && e.pid === main)!;
    expect(exit.tMs).toBeLessThanOrEqual(obs.processes[0].endMs! + 1);
    expect(exit.tMs).toBeGreaterThan(obs.processes[0].startMs!);
    expect(processesWith(OUR_STRACE)).toEqual([]);
  });

  it('lets a SIGTERM step reach the program, which runs its handler (not killed), with strace untouched', async () => {
    const obs = await runTest(test(
      { main: { run: ['sh', '-c', 'trap "echo handled; exit 7" TERM; echo ready; while :; do sleep 0.05; done'] } },
      { script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: 'ready' } } }, { signal: { process: 'main', signal: 'TERM' } }] },
    ), opts);
    expect(obs.processes[0].exit).toEqual({ code: 7 });
    expect(obs.streams.main.head.toString()).toBe('ready\nhandled\n');
    const main = obs.processes[0].pid!;
    expect(obs.trace!).toContainEqual(expect.objectContaining({ kind: 'signal', pid: main, signal: 'SIGTERM' }));
    expect(obs.trace!).toContainEqual(expect.objectContaining({ kind: 'exit', pid: main, code: 7 }));
    expect(processesWith(OUR_STRACE)).toEqual([]);
  });

  it('a SIGSTOP step waits for a real group stop, not a system call stop: the process runs no more after it', async () => {
    const obs = await runTest(test(
      { main: { run: ['sh', '-c', 'echo ready; while :; do echo x > /dev/null; done'] } },
      { script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: 'ready' } } }, { sleep: '150ms' }, { signal: { process: 'main', signal: 'STOP' } }, { sample: 'mid' }, { sleep: '100ms' }, { sample: 'later' }, { signal: { process: 'main', signal: 'KILL' } }] },
    ), opts);
    const pid = obs.processes[0].pid!;
    const mid = obs.samples.mid.processes.find((p) => p.pid === pid)!;
    const later = obs.samples.later.processes.find((p) => p.pid === pid)!;
    expect(['t', 'T']).toContain(mid.state);
    // stopped means it did not run between the two samples (a syscall stop would have run on)
    expect(later.sched!.runNs).toBe(mid.sched!.runNs);
    expect(obs.trace!).toContainEqual(expect.objectContaining({ kind: 'stopped', pid, signal: 'SIGSTOP' }));
    expect(processesWith(OUR_STRACE)).toEqual([]);
  });

  it('past its limit the trace is cut: strace lets go, the program finishes untraced, a later process runs untraced, and that is no error', async () => {
    const loop = 'i=0; while [ $i -lt 3000 ]; do echo line; i=$((i+1)); done';
    const tracer = 'grep TracerPid /proc/$$/status';
    const t = test({ main: { run: ['sh', '-c', `${loop}; ${tracer}`] }, late: { run: ['sh', '-c', tracer] } }, {
      script: [{ start: 'main' }, { wait: { exited: 'main' } }, { start: 'late' }],
      checks: [{ exit: { process: 'main', code: 0 } }, { exit: { process: 'late', code: 0 } }],
    });
    const obs = await runTest(t, { ...opts, traceBytes: 20_000 });
    expect(obs.traceTruncated).toBe(true);
    expect(obs.traceUnavailable).toBeUndefined();
    expect(obs.processes.map((p) => p.exit)).toEqual([{ code: 0 }, { code: 0 }]);
    const lines = obs.streams.main.head.toString().split('\n').filter(Boolean);
    expect(lines).toHaveLength(3001);
    // no tracer holds either of them any more: strace detached from main, and never took `late`
    expect(lines[3000]).toBe('TracerPid:\t0');
    expect(obs.streams.late.head.toString()).toBe('TracerPid:\t0\n');
    // the kept trace is main's beginning; nothing of `late`, started after the cut
    const [main, late] = obs.processes.map((p) => p.pid);
    const writes = obs.trace!.filter((e) => e.kind === 'call' && e.pid === main && e.call === 'write');
    expect(writes.length).toBeGreaterThan(10);
    expect(writes.length).toBeLessThan(3000);
    expect(obs.trace!.some((e) => e.pid === late)).toBe(false);
    expect(verdict(t, obs, [], 'full').status).toBe('passed');
    expect(processesWith(OUR_STRACE)).toEqual([]);
  });

  it('processes started together share one strace, and each one\'s trace starts at its own exec', async () => {
    const t = test({ a: { run: ['sh', '-c', 'echo hi; sleep 0.3'], count: 4 } }, {
      script: [{ start: 'a', together: true }, { wait: { exited: 'a' } }],
    });
    const seen = new Set<number>();
    const poll = setInterval(() => ourStraces().forEach((p) => seen.add(p)), 20);
    const obs = await runTest(t, opts).finally(() => clearInterval(poll));
    expect(obs.traceUnavailable).toBeUndefined();
    expect(seen.size).toBe(1);
    for (const p of obs.processes) {
      const own = obs.trace!.filter((e) => e.pid === p.pid);
      // the init's preparation (self-stop, SIGCONT) is dropped for every one of them, not only the first
      expect(own[0]).toEqual(expect.objectContaining({ kind: 'call', call: 'execve', retValue: 0 }));
      expect(own).toContainEqual(expect.objectContaining({ kind: 'exit', code: 0 }));
    }
    expect(processesWith(OUR_STRACE)).toEqual([]);
  });

  // sem-mutex/killed-holder's shape: the victim is stopped, then the others' trace fills the limit and
  // the init makes every strace let go. Untraced from there, it must behave as a stopped process does:
  // not run, keep a SIGTERM pending, and run its handler once when continued.
  it('a process stopped (SIGSTOP) when the trace is cut stays stopped, and gets a later signal as untraced', async () => {
    const victim = 'trap \'echo handled; grep TracerPid /proc/$$/status; exit 3\' TERM; echo ready; while :; do echo tick; sleep 0.05; done';
    const others = 'i=0; while [ $i -lt 4000 ]; do echo line; i=$((i+1)); done';
    const t = test({ victim: { run: ['sh', '-c', victim] }, others: { run: ['sh', '-c', others] } }, {
      timeout: '20s',
      script: [
        { start: 'victim' }, { wait: { output: { stream: 'victim', line: 'ready' } } },
        { signal: { process: 'victim', signal: 'STOP' } },
        { start: 'others' }, { wait: { exited: 'others' } },
        { sleep: '100ms' }, { sample: 'cut' }, { sleep: '150ms' }, { sample: 'later' },
        { signal: { process: 'victim', signal: 'TERM' } }, { sleep: '100ms' }, { sample: 'termed' },
        { signal: { process: 'victim', signal: 'CONT' } }, { wait: { exited: 'victim' } },
      ],
    });
    const obs = await runTest(t, { ...opts, traceBytes: 60_000 });
    expect(obs.traceTruncated).toBe(true);
    const pid = obs.processes[0].pid!;
    const at = (name: string) => obs.samples[name].processes.find((p) => p.pid === pid)!;
    // a group stop of its own ('T'), no longer a tracee's stop ('t'), and it does not run
    for (const name of ['cut', 'later', 'termed']) expect(at(name).state).toBe('T');
    expect(at('later').sched!.runNs).toBe(at('cut').sched!.runNs);
    // the SIGTERM stayed pending while it was stopped, and its handler ran once after SIGCONT, untraced
    expect(at('termed').sched!.runNs).toBe(at('cut').sched!.runNs);
    expect(obs.processes[0].exit).toEqual({ code: 3 });
    const out = obs.streams.victim.head.toString();
    expect(out.match(/handled/g)).toHaveLength(1);
    expect(out).toMatch(/handled\nTracerPid:\t0\n$/);
    expect(processesWith(OUR_STRACE)).toEqual([]);
  }, 30_000);

  it('ends a traced program that outlives the test at teardown, and no strace is left', async () => {
    const obs = await runTest(test({ main: { run: ['sleep', '30'] } }, { timeout: '700ms' }), opts);
    expect(obs.termination?.reason).toBe('timeout');
    expect(obs.trace!.some((e) => e.kind === 'call' && e.call === 'execve')).toBe(true);
    expect(processesWith(OUR_STRACE)).toEqual([]);
  });

  it('is an error, never a pass, when strace is missing', async () => {
    process.env.IPCLAB_STRACE = '/nonexistent/strace';
    resetSettings();
    const spec = test({ main: { run: ['true'] } }, { checks: [{ exit: { process: 'main', code: 0 } }] });
    const obs = await runTest(spec, opts);
    expect(obs.traceUnavailable).toBe('strace is not installed at /nonexistent/strace');
    const result = verdict(spec, obs, [{ title: 'exit', passed: true }], 'full');
    expect(result.status).toBe('error');
    expect(result.reason).toContain('tracing unavailable: strace is not installed');
  });

  it('is an error when the init cannot run the tracer it was given', async () => {
    process.env.IPCLAB_STRACE = '/bin/false'; // exists, but is no strace: it never attaches
    resetSettings();
    const obs = await runTest(test({ main: { run: ['true'] } }), opts);
    expect(obs.processes[0].exit).toEqual({ code: 0 }); // it still ran, untraced
    expect(obs.traceUnavailable).toMatch(/^main: strace could not attach/);
  });
});
