// The words of each kind of timeline event (grader/wording/timeline.ts), from hand-made facts:
// the sentences the harness used to write itself, byte for byte.
import { timelineEntry, timelineText } from '../../grader/wording.js';
import { eventWords } from '../../grader/wording/timeline.js';
import type { TimelineEvent } from '../../harness/run/observation.js';

describe('timeline words', () => {
  const cases: Array<[TimelineEvent, string]> = [
    [{ ms: 1, kind: 'start', process: 'main', argv: ['/b/main', '-n', '3'], pid: 10 }, 'started: /b/main -n 3 (pid 10)'],
    [{ ms: 1, kind: 'exit', process: 'main', exit: { code: 3 } }, 'exited 3'],
    [{ ms: 1, kind: 'exit', process: 'main', exit: { signal: 'SIGSEGV' } }, 'killed by SIGSEGV'],
    [{ ms: 1, kind: 'signal', process: 'server', signal: 'SIGUSR1' }, 'the test sent SIGUSR1'],
    [{ ms: 1, kind: 'output', stream: 'main', process: 'main', text: 'hello "you"' }, 'hello "you"'],
    [{ ms: 1, kind: 'output', stream: 'main', text: '', binary: true }, '(binary output)'],
    [{ ms: 1, kind: 'orphan', pid: 12, comm: 'sl\x1beep' }, 'sl\\x1beep (pid 12) was reaped by the harness: its parent had exited without waiting for it'],
    [{ ms: 1, kind: 'step', process: 'main', text: 'a\nb', close: true }, 'the test typed "a\\nb"'],
    [{ ms: 1, kind: 'step', process: 'main', rest: true }, 'the test sent the rest of standard input'],
    [{ ms: 1, kind: 'step', process: 'main', close: true }, 'the test closed standard input'],
    [{ ms: 1, kind: 'sample' }, 'the test looked at the processes'],
    [{ ms: 1, kind: 'ipc', change: 'created', object: { family: 'sysv', kind: 'msg', key: 0x1234, id: 5 } }, 'message queue key 0x00001234 (id 5) created'],
    [{ ms: 1, kind: 'ipc', change: 'removed', object: { family: 'posix', kind: 'shm', name: '/seg' } }, 'POSIX shared memory object /seg removed'],
  ];
  it.each(cases)('words %j', (e, words) => {
    expect(eventWords(e)).toBe(words);
    expect(timelineText(e, {})).toBe(words);
  });

  it('keeps a report entry to when, kind, whose and words', () => {
    expect(timelineEntry({ ms: 1.4, kind: 'start', process: 'main', argv: ['m'], pid: 3 }, {}, 1)).toEqual({ ms: 1, kind: 'start', process: 'main', text: 'started: m (pid 3)' });
    expect(JSON.stringify(timelineEntry({ ms: 2, kind: 'output', stream: 'main', process: 'main', text: 'x' }, {}, 2))).toBe('{"ms":2,"kind":"output","stream":"main","process":"main","text":"x"}');
    expect(timelineEntry({ ms: 3, kind: 'orphan', pid: 4, comm: 'c' }, {}, 3)).toEqual({ ms: 3, kind: 'orphan', text: 'c (pid 4) was reaped by the harness: its parent had exited without waiting for it' });
  });
});
