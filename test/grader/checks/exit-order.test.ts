// exit_order over hand-made observations: each source of an exit's time, and the order the run
// cannot tell (the spec's fault, an internal finding, never the student's).
import { checkExitOrder } from '../../../grader/checks/exit-order.js';
import { context, inventory, proc, processState } from './observations.js';

const main = proc('main', { pid: 2, endMs: 500 });
const other = proc('other', { pid: 9, endMs: 300 });
// the sample saw add2 (pid 3) as main's child, and a grandchild (pid 4) under it
const seen = { mid: inventory({ processes: [processState(2, { argv: ['/b/driver'] }), processState(3, { ppid: 2, argv: ['/b/add2'] }), processState(4, { ppid: 3, argv: ['/bin/sleep'] })] }) };
const judge = (first: string, then: string, over: Parameters<typeof context>[0] = {}) =>
  checkExitOrder({ first, then }, context({ processes: [main, other], samples: seen, ...over }, { main: {}, other: {} }));

describe('exit_order', () => {
  it('test processes are ordered by their exits', () => {
    expect(judge('other', 'main')).toEqual([{ title: '`other` exits before `main`', passed: true }]);
    expect(judge('main', 'other')[0]).toMatchObject({ passed: false, rationale: '`main` exited 200 ms after `other`' });
  });

  it('a forked process its parent reaped exited before that parent and its ancestors', () => {
    expect(judge('add2 child of main', 'main')[0].passed).toBe(true);
    expect(judge('sleep descendant of main', 'main')[0].passed).toBe(true);
  });

  it('an orphan is timed by the init reaping it', () => {
    const f = judge('add2 child of main', 'main', { orphans: [{ pid: 3, comm: 'add2', ms: 520, exit: { code: 0 } }] });
    expect(f[0]).toMatchObject({ passed: false, rationale: '`add2` (pid 3, the child of `main`) exited 20 ms after `main`' });
  });

  it('a process still there at the end did not exit first', () => {
    const f = judge('add2 child of main', 'main', { final: inventory({ processes: [processState(3, { ppid: 1, argv: ['/b/add2'] })] }) });
    expect(f[0]).toMatchObject({ passed: false, rationale: '`add2` (pid 3, the child of `main`) was still running when the test ended, after `main` had exited' });
  });

  it('a traced run times forked processes by their exit events', () => {
    const trace = [{ kind: 'exit' as const, pid: 3, tMs: 250 }];
    expect(judge('add2 child of main', 'other', { trace })[0].passed).toBe(true);
  });

  it('an order it cannot tell is the spec asking too much, and one never seen says so', () => {
    expect(judge('add2 child of main', 'other')[0]).toMatchObject({ passed: false, internal: true });
    expect(judge('cat child of main', 'main')[0]).toMatchObject({ passed: false, rationale: '`cat`, a child of `main` was never seen running' });
  });
});
