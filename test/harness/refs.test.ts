// Process references: the grammar, program names, and resolution over a process tree (no processes run).
import { parseRef, programName, resolveRef } from '../../harness/observe/refs.js';
import type { Inventory, ProcessState } from '../../harness/observe/snapshot.js';

const p = (pid: number, ppid: number, argv: string[], state = 'S'): ProcessState =>
  ({ pid, ppid, comm: (argv[0] ?? 'x').slice(0, 15), state, cpuTicks: 0, startTicks: 0, running: false, wchan: '', cmdline: argv.join(' '), argv, fds: [], maps: [], threads: [] }) as ProcessState;

// main (pid 2) → pipe_copy child (3); pager (4) → sh (5) → cat (6), more (7); an unrelated sh (8)
const inv = {
  t: 0n, sysv: [], posix: [], malformed: 0,
  processes: [
    p(2, 1, ['/b/pipe_copy']), p(3, 2, ['/b/pipe_copy']),
    p(4, 1, ['/b/pager', 'f']), p(5, 4, ['sh', '-c', 'cat | more']), p(6, 5, ['cat']), p(7, 5, ['/usr/bin/more']),
    p(8, 1, ['/bin/sh']),
  ],
} as Inventory;
const tests = [{ name: 'main', label: 'main', pid: 2 }, { name: 'pager', label: 'pager', pid: 4 }];
const pids = (ref: string) => {
  const r = parseRef(ref);
  if (typeof r === 'string') throw new Error(r);
  return resolveRef(r, tests, inv).map((x) => x.pid);
};

describe('process references', () => {
  it('parse: a name, a relation, a program and a relation, nested', () => {
    expect(parseRef('main')).toEqual({ kind: 'name', name: 'main' });
    expect(parseRef('child of main')).toEqual({ kind: 'related', relation: 'child', of: { kind: 'name', name: 'main' } });
    expect(parseRef('sh child of pager')).toEqual({ kind: 'related', relation: 'child', program: 'sh', of: { kind: 'name', name: 'pager' } });
    expect(parseRef('child of child of main')).toEqual({ kind: 'related', relation: 'child', of: { kind: 'related', relation: 'child', of: { kind: 'name', name: 'main' } } });
    expect(parseRef('two words')).toMatch(/is not a process/);
    expect(parseRef('child of')).toMatch(/is not a process/);
  });

  it('program names: argv[0] as exec\'d, a Node script by its name, comm only without a cmdline', () => {
    expect(programName({ argv: ['/usr/bin/more'], comm: 'more' })).toBe('more');
    expect(programName({ argv: ['/opt/node/bin/node', '/tmp/b/fifo_server.js', 'd'], comm: 'node' })).toBe('fifo_server');
    expect(programName({ argv: ['node', '--no-warnings', 'x.js'], comm: 'node' })).toBe('node');
    expect(programName({ argv: ['a_program_with_a_long_name'], comm: 'a_program_with' })).toBe('a_program_with_a_long_name');
    expect(programName({ argv: [], comm: 'zombie' })).toBe('zombie');
  });

  it('resolve: a test name wins over a program name; relations follow the tree', () => {
    expect(pids('main')).toEqual([2]);
    expect(pids('pipe_copy')).toEqual([2, 3]); // no test process has that name: every process running it
    expect(pids('child of main')).toEqual([3]);
    expect(pids('child of pager')).toEqual([5]);
    expect(pids('sh child of pager')).toEqual([5]);
    expect(pids('descendant of pager')).toEqual([5, 6, 7]);
    expect(pids('more descendant of pager')).toEqual([7]);
    expect(pids('child of child of pager')).toEqual([6, 7]);
    expect(pids('sh')).toEqual([5, 8]);
  });

  it('zero matches resolve to nothing (the check says so), not to an error', () => {
    expect(pids('child of sh child of main')).toEqual([]);
    expect(pids('nosuch')).toEqual([]);
  });
});
