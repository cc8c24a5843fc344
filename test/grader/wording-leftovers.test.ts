// Leftover facts (from the run) turned into the words a student reads: verbatim, in order,
// counted past five of a kind, and with names shown so that they do nothing.
import { leftoverWords } from '../../grader/wording.js';
import type { Leftover } from '../../harness/run/observation.js';

const queue = (id: number): Leftover => ({ kind: 'sysv', object: { kind: 'msg', key: 0x10, id, mode: 0o600, bytes: 0, messages: 0, lastSender: 5, lastReceiver: 0, uid: 0 }, lastWriter: 'client' });

describe('leftoverWords', () => {
  it('says each kind of leftover with its remedy', () => {
    const facts: Leftover[] = [
      queue(1),
      { kind: 'sysv', object: { kind: 'shm', key: 0x20, id: 2, mode: 0o600, size: 4096, creator: 9, attached: 0, uid: 0 }, creator: 'server' },
      { kind: 'sysv', object: { kind: 'sem', key: 0x30, id: 3, mode: 0o600, count: 1, uid: 0, values: [0], waitingForIncrease: [0], waitingForZero: [0] } },
      { kind: 'posix', object: { kind: 'mq', name: '/q"x', size: 0, uid: 0, mode: 0o600 } },
      { kind: 'process', pid: 40, comm: 'kid', zombie: true },
      { kind: 'process', pid: 41, comm: 'lost', orphaned: true },
    ];
    expect(leftoverWords(facts)).toEqual([
      { description: 'message queue key 0x00000010 (id 1) (last written by `client`)', creator: undefined, remedy: 'msgctl(id, IPC_RMID, NULL)' },
      { description: 'shared memory segment key 0x00000020 (id 2)', creator: 'server', remedy: 'shmctl(id, IPC_RMID, NULL) after every process detached' },
      { description: 'semaphore set key 0x00000030 (id 3)', creator: undefined, remedy: 'semctl(id, 0, IPC_RMID)' },
      { description: 'POSIX message queue /q"x', remedy: 'mq_unlink("/q\\"x")' },
      { description: "`kid` (pid 40) was left behind unreaped (a zombie) by its parent when the test's processes had finished", remedy: 'wait for every child you fork (waitpid) before exiting' },
      { description: '`lost` (pid 41) was left behind as an orphan: its parent exited before waiting for it', remedy: 'the parent must waitpid() for its child before it exits' },
    ]);
  });

  it('lists five of a kind and counts the rest', () => {
    const facts: Leftover[] = [...[1, 2, 3, 4, 5, 6, 7].map(queue), ...[1, 2, 3, 4, 5, 6].map((pid): Leftover => ({ kind: 'process', pid, comm: 'p', zombie: false }))];
    const said = leftoverWords(facts).map((w) => w.description);
    expect(said).toHaveLength(12);
    expect(said[5]).toBe('and 2 more System V objects left behind');
    expect(said[6]).toBe("`p` (pid 1) was left behind, still running when the test's processes had finished");
    expect(said[11]).toBe('and 1 more process left behind');
  });

  it('shows control characters in names as escapes, never raw', () => {
    const said = leftoverWords([{ kind: 'process', pid: 1, comm: 'a\u001b[2Jb', zombie: false }, { kind: 'posix', object: { kind: 'shm', name: '/n\nm', size: 0, uid: 0, mode: 0 } }]);
    expect(said.map((w) => `${w.description} ${w.remedy}`).join(' ')).not.toMatch(/[\x00-\x1f\x7f]/);
  });

  it('says nothing when nothing was left', () => {
    expect(leftoverWords([])).toEqual([]);
  });
});
