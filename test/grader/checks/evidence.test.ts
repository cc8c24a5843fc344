// The evidence checks over hand-made snapshots: what passes, and what a faked mechanism is told.
import { runChecks } from '../../../grader/checks/index.js';
import type { Check } from '../../../harness/spec/types.js';
import type { Inventory, Mapping, OpenFd } from '../../../harness/observe/snapshot.js';
import { inventory, observation, proc, processState, testSpec } from './observations.js';

const fd = (n: number, flags: number, inode: number, type: OpenFd['type'] = 'pipe'): OpenFd => ({ fd: n, flags, target: type === 'pipe' ? `pipe:[${inode}]` : `/w/f${inode}`, pending: 0, capacity: 0, dev: 12, inode, type });
const map = (path: string, inode: number, shared = true): Mapping => ({ start: 0x1000n, end: 0x2000n, path, inode, dev: '00:01', perms: shared ? 'rw-s' : 'rw-p', shared });
// the test's streams: main's stdin pipe 900 (init writes it), main's stdout pipe 901 (init reads it)
const streams: Inventory['streams'] = [{ id: 1, role: 'in', dev: 12, inode: 900 }, { id: 0, role: 'out', dev: 12, inode: 901 }];

function judge(checks: Check[], processes: Inventory['processes'], sampleBytes: Record<string, number> = {}) {
  const obs = observation({
    processes: [proc('main', { pid: 2 })],
    stdinIds: { main: 1 },
    samples: { mid: inventory({ processes, streams }) },
    sampleBytes: { mid: sampleBytes },
    streamIds: { main: 0, 'main.stderr': 0 },
  });
  return runChecks({ ...testSpec({ main: {} }), cleanup: false, checks }, obs);
}

const honest = [
  processState(2, { argv: ['/b/pipe_copy'], fds: [fd(0, 0, 900), fd(1, 1, 901), fd(4, 1, 950)], io: { rchar: 0, wchar: 5000 } }),
  processState(3, { ppid: 2, argv: ['/b/pipe_copy'], fds: [fd(0, 0, 950), fd(1, 1, 901)], io: { rchar: 0, wchar: 5000 } }),
];
const noChild = [processState(2, { argv: ['/b/pipe_copy'], fds: [fd(0, 0, 900), fd(1, 1, 901)], io: { rchar: 0, wchar: 5000 } })];
const readsStdin = [
  processState(2, { argv: ['/b/pipe_copy'], fds: [fd(0, 0, 900), fd(1, 1, 901)] }),
  processState(3, { ppid: 2, argv: ['/b/pipe_copy'], fds: [fd(0, 0, 900), fd(1, 1, 901)], io: { rchar: 0, wchar: 0 } }),
];
const pipeCheck: Check = { pipe: { from: 'main', to: 'child of main', sample: 'mid' }, why: 'the contract says the child reads a pipe the parent writes' };

describe('evidence checks', () => {
  it('an honest pipe-copy passes every one', () => {
    const f = judge([
      { children: { process: 'main', count: 1, sample: 'mid' } },
      pipeCheck,
      { pipe: { from: 'main', to: 'child of main', only: true, sample: 'mid' } },
      { fds: { process: 'child of main', fd: 1, stream: 'main', sample: 'mid' } },
      { fds: { process: 'child of main', only: [0, 1], sample: 'mid' } },
      { wrote: { process: 'child of main', stream: 'main', sample: 'mid' } },
    ], honest, { main: 4000 });
    expect(f.filter((x) => !x.passed)).toEqual([]);
  });

  it('no child: the parent did the work itself, and the check says which mechanism is missing', () => {
    const [children, pipe] = judge([{ children: { process: 'main', count: 1, sample: 'mid' } }, pipeCheck], noChild);
    expect(children).toMatchObject({ passed: false, rationale: '`main` did the work itself: it had no child at the moment the test looked' });
    expect(pipe.rationale).toBe('`main` had no child at the moment the test looked; the contract says the child reads a pipe the parent writes');
  });

  it('a child that reads the inherited stdin: no pipe from the parent reaches it', () => {
    const [pipe] = judge([pipeCheck], readsStdin);
    expect(pipe.rationale).toMatch(/^`pipe_copy` \(pid 3, the child of `main`\) reads the standard input the test gives `main` itself: no pipe from `main` reaches it/);
  });

  it('only: another holder of the write end is named with its descriptor', () => {
    const leaky = [honest[0], { ...honest[1], fds: [...honest[1].fds, fd(5, 1, 950)] }];
    const [f] = judge([{ pipe: { from: 'main', to: 'child of main', only: true, sample: 'mid' } }], leaky);
    expect(f.rationale).toBe('`pipe_copy` (pid 3, the child of `main`) also holds its write end (fd 5) at the moment the test looked');
  });

  it('wrote: output that came from another process', () => {
    const [f] = judge([{ wrote: { process: 'child of main', stream: 'main', sample: 'mid' } }], readsStdin, { main: 10 });
    expect(f).toMatchObject({ passed: false, actual: '0 bytes written' });
  });

  it('fds: a descriptor that is not the test\'s stream, and extra descriptors', () => {
    const other = [honest[0], { ...honest[1], fds: [fd(0, 0, 950), fd(1, 1, 950), fd(7, 1, 960)] }];
    const [s, only] = judge([{ fds: { process: 'child of main', fd: 1, stream: 'main', sample: 'mid' } }, { fds: { process: 'child of main', only: [0, 1, 2], sample: 'mid' } }], other);
    expect(s.rationale).toBe('descriptor 1 of `pipe_copy` (pid 3, the child of `main`) was a pipe (write end) at the moment the test looked, not the test\'s stream `main`');
    expect(only.rationale).toBe('in `pipe_copy` (pid 3, the child of `main`) at the moment the test looked: descriptor 7 (a pipe (write end)) is still open; descriptor 2 is closed');
  });

  it('mapping: shared by both passes; a private /dev/zero mapping is named as such; the kind must match', () => {
    const shared = [processState(2, { maps: [map('/dev/zero (deleted)', 77)] }), processState(3, { ppid: 2, maps: [map('/dev/zero (deleted)', 77)] })];
    const priv = [processState(2, { maps: [map('/dev/zero', 5, false)] }), processState(3, { ppid: 2, maps: [map('/dev/zero', 5, false)] })];
    const check: Check = { mapping: { processes: ['main', 'child of main'], sample: 'mid' } };
    expect(judge([check], shared)[0].passed).toBe(true);
    expect(judge([{ mapping: { processes: ['main', 'child of main'], kind: 'sysv', sample: 'mid' } }], shared)[0].rationale).toMatch(/memory shared another way: shared anonymous memory/);
    expect(judge([check], priv)[0].rationale).toMatch(/^no mapping is shared by `main`, `p` \(pid 3, the child of `main`\) at the moment the test looked — `main`, `p` \(pid 3, the child of `main`\): the mapping of \/dev\/zero is private \(MAP_PRIVATE\)/);

    // no shared mapping at all: a private /dev/zero is each its own copy, none at all shares nothing
    expect(judge([check], priv)[0].cause).toBe('own-copy');
    const none = [processState(2, { maps: [map('/w/devzero', 9, false)] }), processState(3, { ppid: 2, maps: [map('/w/devzero', 9, false)] })];
    expect(judge([check], none)[0]).toMatchObject({ passed: false, cause: 'nothing-shared' });
    // shared, but of the wrong kind: another mistake, no cause
    expect(judge([{ mapping: { processes: ['main', 'child of main'], kind: 'sysv', sample: 'mid' } }], shared)[0].cause).toBeUndefined();
  });

  it('blocked: any thread, on the object named; a runtime\'s idle futex threads do not count without `on`', () => {
    const futexIn = (addr: string) => ({ nr: 202, name: 'futex', args: [addr, '0x80', '0x0', '0x0', '0x0', '0x0'] });
    const worker = processState(2, {
      state: 'S', syscall: { nr: 232, name: 'epoll_wait', args: [] }, maps: [map('/w/counter', 9)],
      threads: [{ tid: 5, state: 'S', running: false, syscall: futexIn('0x7000') }, { tid: 6, state: 'S', running: false, syscall: futexIn('0x1000') }],
    });
    const f = judge([
      { blocked: { process: 'main', call: 'futex', on: '/w/counter', sample: 'mid' } },
      { blocked: { process: 'main', call: 'futex', sample: 'mid' } },
      { blocked: { process: 'main', call: 'epoll_wait', sample: 'mid' } },
    ], [worker]);
    expect(f.map((x) => x.passed)).toEqual([true, false, true]);
  });

  it('pipe with fifo: the path is the spec\'s, with the test\'s variables filled in', () => {
    const tee = [processState(2, { argv: ['/b/fifo_tee'], fds: [fd(0, 0, 900), fd(1, 1, 901), fd(3, 1, 42, 'fifo')] })];
    const notYet = [processState(2, { argv: ['/b/fifo_tee'], fds: [fd(0, 0, 900), fd(1, 1, 901)] })];
    const check: Check = { pipe: { fifo: '${dir}/f42', from: 'main', sample: 'mid' } };
    expect(judge([check], tee)[0].passed).toBe(true);
    expect(judge([{ pipe: { fifo: '${dir}/f42', to: 'main', sample: 'mid' } }], tee)[0].passed).toBe(false);
    expect(judge([check], notYet)[0].rationale).toBe('`main` did not have the FIFO ./f42 open for writing at the moment the test looked');
  });

  it('a sample the run never took is said as such', () => {
    const obs = observation({ processes: [proc('main', { pid: 2 })], samples: {} });
    const [f] = runChecks({ ...testSpec({ main: {} }), cleanup: false, checks: [{ children: { process: 'main', count: 1, sample: 'mid' } }] }, obs);
    expect(f.rationale).toMatch(/^the test stopped before it could look at the processes$/);
  });
});
