// The wait-condition table, without processes: when each condition holds, whether it needs a
// snapshot, and how a wait that never came true names it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { holds, hostPathType, needsKernel, type ConditionContext } from '../../../harness/run/conditions.js';
import { describeCondition } from '../../../grader/wording/conditions.js';
import type { Inventory, ProcessState } from '../../../harness/observe/snapshot.js';
import { endsOf, livePids, type SeenProcess } from '../../../harness/observe/ends.js';

function ctx(texts: Record<string, string> = {}, procs: Record<string, Array<{ exited: boolean; pid?: number }>> = {}, seen: SeenProcess[] = []): ConditionContext {
  const tests = () => Object.entries(procs).flatMap(([name, list]) => list.map((i, k) => ({ name, label: list.length > 1 ? `${name}[${k}]` : name, pid: i.pid })));
  const ends = (ref: string, now: Inventory) => endsOf(ref, { tests: tests(), seen: new Map(seen.map((p) => [p.pid, p])), live: livePids(now.processes), orphans: [] });
  return { text: (s) => texts[s], cursors: new Map(), instances: (n) => procs[n] ?? [], tests, ends, pathType: hostPathType };
}

/** The names a wait's kernel() is told are the test's. */
const own = (...names: string[]) => new Set(names);

function proc(pid: number, state: string, syscall?: string): ProcessState {
  return { pid, ppid: 1, comm: 'p', state, cpuTicks: 0, startTicks: 0, running: false, wchan: '', cmdline: '', argv: [], fds: [], maps: [], threads: [], syscall: syscall ? { nr: 0, name: syscall, args: [] } : undefined } as ProcessState;
}

const inv: Inventory = {
  t: 0n, malformed: 0,
  sysv: [{ kind: 'msg', key: 0x1234, id: 7, mode: 0o600, bytes: 2, messages: 2, lastSender: 0, lastReceiver: 0, uid: 0 }],
  posix: [{ kind: 'mq', name: '/q', size: 0, uid: 0, mode: 0o600 }],
  processes: [proc(10, 'S', 'msgrcv'), proc(11, 'T'), proc(12, 'R')],
} as Inventory;

describe('wait conditions', () => {
  it('output: each wait that holds moves past what it matched', () => {
    const c = ctx({ out: 'ready\nready\n' });
    const line = { output: { stream: 'out', line: 'ready' } };
    expect([holds(line, c, undefined), holds(line, c, undefined), holds(line, c, undefined)]).toEqual([true, true, false]);
    expect(holds({ output: { stream: 'out', contains: 'eady\nre' } }, ctx({ out: 'ready\nready\n' }), undefined)).toBe(true);
    expect(holds({ output: { stream: 'nope', line: 'x' } }, c, undefined)).toBe(false);
    expect(needsKernel(line, own())).toBe(false);
  });

  it('exited: every instance of the process has exited', () => {
    const c = ctx({}, { a: [{ exited: true }, { exited: false }], b: [{ exited: true }] });
    expect(holds({ exited: 'a' }, c, undefined)).toBe(false);
    expect(holds({ exited: 'b' }, c, undefined)).toBe(true);
  });

  it('exited: a process the student forked, seen in a snapshot and gone (or a zombie) since', () => {
    const seen = [{ pid: 20, ppid: 10, comm: 'add2', argv: ['./add2'] }, { pid: 21, ppid: 10, comm: 'add2', argv: ['./add2'] }];
    const c = ctx({}, { main: [{ exited: false, pid: 10 }] }, seen);
    const now = (...ps: ProcessState[]) => ({ ...inv, processes: ps }) as Inventory;
    expect(needsKernel({ exited: 'add2' }, own('main'))).toBe(true);
    expect(needsKernel({ exited: 'main' }, own('main'))).toBe(false);
    // one of the two still runs: not yet
    expect(holds({ exited: 'add2 child of main' }, c, now(proc(10, 'S'), proc(21, 'S')))).toBe(false);
    expect(holds({ exited: 'add2 child of main' }, c, now(proc(10, 'S'), proc(21, 'Z')))).toBe(true);
    expect(holds({ exited: 'add2' }, c, now(proc(10, 'S')))).toBe(true);
    // never seen: nothing has exited yet
    expect(holds({ exited: 'cat' }, c, now(proc(10, 'S')))).toBe(false);
    expect(holds({ exited: 'add2' }, c, undefined)).toBe(false);
  });

  it('path and fifo look at the file system', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-cond-'));
    try {
      execFileSync('mkfifo', [join(dir, 'f')]);
      expect(holds({ path: join(dir, 'f') }, ctx(), undefined)).toBe(true);
      expect(holds({ fifo: join(dir, 'f') }, ctx(), undefined)).toBe(true);
      expect(holds({ fifo: dir }, ctx(), undefined)).toBe(false);
      expect(holds({ path: join(dir, 'none') }, ctx(), undefined)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sysv and posix read the snapshot, and need one', () => {
    expect(needsKernel({ sysv: { type: 'msg', key: '0x1234' } }, own())).toBe(true);
    expect(holds({ sysv: { type: 'msg', key: '0x1234', messages: 2 } }, ctx(), inv)).toBe(true);
    expect(holds({ sysv: { type: 'msg', key: '4660', messages: 3 } }, ctx(), inv)).toBe(false);
    expect(holds({ sysv: { type: 'sem', key: '0x1234', absent: true } }, ctx(), inv)).toBe(true);
    expect(holds({ sysv: { type: 'msg', key: '0x1234' } }, ctx(), undefined)).toBe(false);
    expect(holds({ posix: { type: 'mq', name: '/q' } }, ctx(), inv)).toBe(true);
    expect(holds({ posix: { type: 'mq', name: '/q', absent: true } }, ctx(), inv)).toBe(false);
  });

  it('blocked and stopped look at the test\'s own processes', () => {
    const c = ctx({}, { srv: [{ exited: false, pid: 10 }], stp: [{ exited: false, pid: 11 }], run: [{ exited: false, pid: 12 }], none: [] });
    expect(holds({ blocked: { process: 'srv', call: 'msgrcv' } }, c, inv)).toBe(true);
    expect(holds({ blocked: { process: 'run', call: 'msgrcv' } }, c, inv)).toBe(false);
    expect(holds({ blocked: { process: 'none', call: 'msgrcv' } }, c, inv)).toBe(false);
    expect(holds({ stopped: 'stp' }, c, inv)).toBe(true);
    expect(holds({ stopped: 'run' }, c, inv)).toBe(false);
  });

  it('all: every part holds, and needs a snapshot when one part does', () => {
    const c = ctx({ out: 'x\n' }, { srv: [{ exited: false, pid: 10 }] });
    const both = { all: [{ output: { stream: 'out', line: 'x' } }, { blocked: { process: 'srv', call: 'msgrcv' } }] };
    expect(needsKernel(both, own('srv'))).toBe(true);
    expect(needsKernel({ all: [{ exited: 'a' }] }, own('a'))).toBe(false);
    expect(holds(both, c, inv)).toBe(true);
  });

  it('names each condition for a step that waited in vain', () => {
    expect(describeCondition({ output: { stream: 'server', line: 'ready' } })).toBe('`server` to print the line "ready"');
    expect(describeCondition({ output: { stream: 's', matches: 'r.*' } })).toBe('`s` to print a line matching /r.*/');
    expect(describeCondition({ sysv: { type: 'msg', key: '4660', messages: 2 } })).toBe('the message queue with key 0x00001234 to hold 2 message(s)');
    expect(describeCondition({ sysv: { type: 'shm', key: '0x10', absent: true } })).toBe('the shared memory segment with key 0x00000010 to be removed');
    expect(describeCondition({ posix: { type: 'sem', name: '/s' } })).toBe('POSIX sem /s to exist');
    expect(describeCondition({ blocked: { process: 'c', call: 'read' } })).toBe('`c` to block in read()');
    expect(describeCondition({ all: [{ exited: 'a' }, { fifo: '/f' }, { path: '/p' }, { stopped: 'b' }] })).toBe('`a` to exit and a FIFO at /f and /p to exist and `b` to be stopped');
  });
});

describe('stopped, in a traced run', () => {
  const tracee = (state: string, runNs: number, slices: number): ProcessState => ({ ...proc(20, state), sched: { runNs, delayNs: 0, slices, bootNs: 0n } });
  const at = (ms: number, p: ProcessState): Inventory => ({ ...inv, t: BigInt(1000 + ms) * 1_000_000n, processes: [p] });
  const traced = () => ({ ...ctx({}, { main: [{ exited: false, pid: 20 }] }), traceStops: new Map() });

  it('a tracee at a system call stop (`t`, but it ran since the last poll) is not stopped', () => {
    const c = traced();
    const polls = [at(0, tracee('t', 100, 5)), at(30, tracee('t', 200, 9)), at(60, tracee('R', 300, 12)), at(90, tracee('t', 400, 15))];
    expect(polls.map((i) => holds({ stopped: 'main' }, c, i))).toEqual([false, false, false, false]);
  });

  it('a tracee that stayed `t` without running for the stable time is stopped', () => {
    const c = traced();
    const polls = [at(0, tracee('t', 100, 5)), at(20, tracee('t', 100, 5)), at(45, tracee('t', 100, 5))];
    expect(polls.map((i) => holds({ stopped: 'main' }, c, i))).toEqual([false, false, true]);
  });

  it('untraced, `t` and `T` are stopped at once, as before', () => {
    expect(holds({ stopped: 'main' }, ctx({}, { main: [{ exited: false, pid: 20 }] }), at(0, tracee('t', 1, 1)))).toBe(true);
    expect(holds({ stopped: 'main' }, traced(), at(0, tracee('T', 1, 1)))).toBe(true);
  });
});
