// The sequence diagram's data from hand-made Observations: lanes, stopped periods, expected exits,
// marks, and (traced) arrows for pipe bytes, messages, signals, stdout writes and object lifetimes.
import { parseTrace } from '../../harness/observe/trace.js';
import { buildSequence, SEQUENCE_LIMIT } from '../../grader/sequence.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { inventory, observation, proc, processState, stream } from './checks/observations.js';

const spec = (checks: TestSpec['checks'] = []): TestSpec => ({ name: 't', title: 't', points: 1, processes: { main: { run: ['main'] } }, checks });
const events = (...lines: string[]) => parseTrace(lines.join('\n')).events;

describe('buildSequence, untraced', () => {
  const obs = observation({
    durationMs: 50,
    processes: [proc('main', { pid: 10, startMs: 1, endMs: 40, exit: { code: 1 }, stdin: Buffer.from('abc') })],
    timeline: [
      { ms: 1, kind: 'start', process: 'main', argv: ['main'], pid: 10 },
      { ms: 5, kind: 'signal', process: 'main', signal: 'SIGSTOP' },
      { ms: 9, kind: 'signal', process: 'main', signal: 'SIGCONT' },
      { ms: 12, kind: 'output', stream: 'main', process: 'main', text: 'hello' },
      { ms: 40, kind: 'exit', process: 'main', exit: { code: 1 } },
    ],
    samples: { mid: inventory({ processes: [processState(10, { ppid: 1 }), processState(11, { ppid: 10, argv: ['/bin/sh', '-c', 'x'] })] }) },
  });

  it('has a lane per test process and per child it saw, with the parent named', () => {
    const s = buildSequence(obs, spec(), []);
    expect(s.traced).toBe(false);
    expect(s.lanes.map((l) => [l.id, l.label, l.parent])).toEqual([['test', 'the test', undefined], ['main', 'main', undefined], ['pid:11', '`sh`, child of `main`', 'main']]);
    expect(s.lanes[1]).toMatchObject({ startMs: 1, endMs: 40, stopped: [[5, 9]], exit: { code: 1 } });
  });

  it('an exit the checks expect is marked expected; otherwise, in a failed test, the exit mark is bad', () => {
    const ok = buildSequence(obs, spec([{ exit: { process: 'main', code: 1 } }]), []);
    expect(ok.lanes[1].exit).toEqual({ code: 1, expected: true });
    const bad = buildSequence(obs, spec([{ exit: { process: 'main', code: 0 } }]), [{ title: 'x', passed: false }]);
    expect(bad.lanes[1].exit?.expected).toBeUndefined();
    expect(bad.marks.find((m) => m.kind === 'exit')).toMatchObject({ lane: 'main', bad: true });
  });

  it('draws the input fed and the lines read as arrows to and from the test', () => {
    const s = buildSequence(obs, spec(), []);
    expect(s.arrows.map((a) => [a.kind, a.from, a.to, a.label])).toEqual([['stdin', 'test', 'main', '3 bytes'], ['stdout', 'main', 'test', 'hello']]);
    expect(s.marks.map((m) => m.kind)).toEqual(['start', 'signal', 'signal', 'output', 'exit']);
  });

  it('a line the program printed is made safe for words (a control character cannot act)', () => {
    const evil = observation({ ...obs, timeline: [{ ms: 1, kind: 'output', stream: 'main', process: 'main', text: 'a\x1b[2Jb' }] });
    const s = buildSequence(evil, spec(), []);
    expect(s.marks[0].label).toBe('a\\x1b[2Jb');
    expect(s.arrows.find((a) => a.kind === 'stdout')!.label).toBe('a\\x1b[2Jb');
  });

  it('a process still stopped at its end is shaded to its end', () => {
    const s = buildSequence(observation({ ...obs, timeline: obs.timeline.filter((e) => !(e.kind === 'signal' && e.signal === 'SIGCONT')) }), spec(), []);
    expect(s.lanes[1].stopped).toEqual([[5, 40]]);
  });

  it('is bounded, with a note when cut', () => {
    const many = Array.from({ length: SEQUENCE_LIMIT + 50 }, (_, i) => ({ ms: i, kind: 'output' as const, stream: 'main', process: 'main', text: `l${i}` }));
    const s = buildSequence(observation({ ...obs, timeline: many }), spec(), []);
    expect(s.arrows.length).toBe(SEQUENCE_LIMIT);
    expect(s.notes).toEqual(expect.arrayContaining(['51 later arrows are not drawn (at most 200)']));
  });
});

describe('buildSequence, traced', () => {
  it('draws pipe bytes main → child, the child\'s writes to stdout, and the child lane from the fork', () => {
    const obs = observation({
      processes: [proc('main', { pid: 10, startMs: 0, endMs: 5 })],
      streams: { main: stream('hello') }, streamIds: { main: 0 },
      final: inventory({ streams: [{ id: 0, role: 'out', dev: 1, inode: 50 }] }),
      trace: events(
        '10 1.000000 pipe2([3<pipe:[7]>, 4<pipe:[7]>], 0) = 0',
        '10 1.000100 clone(child_stack=NULL, flags=SIGCHLD) = 11',
        '11 1.000150 execve("/bin/cat", ["ca"...], 0x7f /* 3 vars */) = 0',
        '10 1.000200 write(4<pipe:[7]>, "he"..., 5) = 5',
        '11 1.000300 read(0<pipe:[7]>, "he"..., 4096) = 5',
        '11 1.000400 write(1<pipe:[50]>, "he"..., 5) = 5',
        '11 1.000500 +++ exited with 0 +++',
      ),
    });
    const s = buildSequence(obs, spec(), []);
    expect(s.traced).toBe(true);
    expect(s.lanes.find((l) => l.id === 'pid:11')).toMatchObject({ label: '`cat`, child of `main`', parent: 'main', startMs: 1000.1, endMs: 1000.5 });
    expect(s.arrows.map((a) => [a.kind, a.from, a.to, a.label])).toEqual([['pipe', 'main', 'pid:11', '5 bytes'], ['stdout', 'pid:11', 'test', '5 bytes']]);
  });

  it('shows crossed replies: each message from sender to receiver with its type', () => {
    const obs = observation({
      processes: [proc('server', { pid: 1 }), proc('first', { pid: 2 }), proc('second', { pid: 3 })],
      trace: events(
        '1 1.000000 msgget(0x1234, IPC_CREAT|0600) = 7',
        '1 1.000100 msgsnd(7, {mtype=2, mtext="r"...}, 4, 0) = 0',
        '3 1.000200 msgrcv(7, {mtype=2, mtext="r"...}, 8, 2, 0) = 4',
        '1 1.000300 msgctl(7, IPC_RMID, NULL) = 0',
      ),
    });
    const s = buildSequence(obs, spec(), []);
    expect(s.arrows).toEqual([expect.objectContaining({ kind: 'message', from: 'server', to: 'second', label: 'type 2' })]);
    expect(s.objects).toEqual([{ label: 'message queue (id 7)', startMs: 1000, endMs: 1000.3, leftover: false }]);
  });

  it('draws a kill as a signal arrow from sender to receiver, and a signal from the test from `test`', () => {
    const obs = observation({
      processes: [proc('main', { pid: 10 })],
      trace: events(
        '10 1.000000 clone(child_stack=NULL, flags=SIGCHLD) = 11',
        '11 1.000100 kill(10, SIGUSR1) = 0',
        '10 1.000200 --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=11, si_uid=0} ---',
        '10 1.000300 --- SIGTERM {si_signo=SIGTERM, si_code=SI_USER, si_pid=1, si_uid=0} ---',
      ),
    });
    const s = buildSequence(obs, spec(), []);
    expect(s.arrows.map((a) => [a.from, a.to, a.label, a.startMs])).toEqual([['pid:11', 'main', 'SIGUSR1', 1000.1], ['test', 'main', 'SIGTERM', 1000.3]]);
  });

  it('shades a child\'s group stop from the trace, up to its SIGCONT', () => {
    const obs = observation({
      processes: [proc('main', { pid: 10 })],
      trace: events(
        '10 1.000000 clone(child_stack=NULL, flags=SIGCHLD) = 11',
        '11 1.002000 --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=10, si_uid=0} ---',
        '11 1.002100 --- stopped by SIGSTOP ---',
        '11 1.005000 --- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=10, si_uid=0} ---',
      ),
    });
    expect(buildSequence(obs, spec(), []).lanes.find((l) => l.id === 'pid:11')!.stopped).toEqual([[1002.1, 1005]]);
  });

  it('an object created and never removed is a leftover when the run left it behind', () => {
    const obs = observation({
      processes: [proc('main', { pid: 10 })],
      leftovers: [{ kind: 'sysv', object: { kind: 'sem', key: 1, id: 3, mode: 0o600, count: 1, uid: 0, values: [1], waitingForIncrease: [], waitingForZero: [] } }],
      trace: events('10 1.000000 semget(0x1, 1, IPC_CREAT|0600) = 3'),
    });
    expect(buildSequence(obs, spec(), []).objects).toEqual([{ label: 'semaphore set (id 3)', startMs: 1000, leftover: true }]);
  });
});
