// How references and resolved processes are named to a student (grader/wording/refs.ts), from hand-made facts.
import { parseRef } from '../../harness/observe/refs.js';
import { describeProcess, describeRef } from '../../grader/wording/refs.js';
import { processState } from './checks/observations.js';

describe('describeRef', () => {
  const d = (t: string) => describeRef(parseRef(t) as never);
  it('names a test process, a child, a descendant, and a program related to one', () => {
    expect(d('main')).toBe('`main`');
    expect(d('child of main')).toBe('the child of `main`');
    expect(d('descendant of main')).toBe('the descendant of `main`');
    expect(d('sh child of pager')).toBe('`sh`, a child of `pager`');
    expect(d('child of sh child of pager')).toBe('the child of `sh`, a child of `pager`');
  });
});

describe('describeProcess', () => {
  const tests = [{ name: 'main', label: 'main', pid: 10 }];
  it('names a test process by its label, another by program and pid, with its test parent', () => {
    expect(describeProcess(processState(10, { argv: ['/b/main'] }), tests)).toBe('`main`');
    expect(describeProcess(processState(11, { ppid: 10, argv: ['/bin/cat'] }), tests)).toBe('`cat` (pid 11, the child of `main`)');
    expect(describeProcess(processState(12, { ppid: 1, argv: ['/bin/sh', '-c', 'x'] }), tests)).toBe('`sh` (pid 12)');
  });
});
