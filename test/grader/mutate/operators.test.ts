// The mutation operators on C snippets: each proposes the plausible bug and nothing else.
import { parseC } from '../../../grader/mutate/parse.js';
import { applyMutation, mutationsOf, type OperatorName } from '../../../grader/mutate/operators.js';
import { mutantsOf } from '../../../grader/mutate/mutants.js';

/** Each mutant of `body` (inside a function) under one operator, as the mutated body. */
async function mutate(op: OperatorName, body: string): Promise<string[]> {
  const src = `void f(void) {\n${body}\n}\n`;
  const tree = await parseC(src);
  try {
    return mutationsOf(tree.rootNode, [op]).map((m) => applyMutation(src, m).slice('void f(void) {\n'.length, -'\n}\n'.length));
  } finally {
    tree.delete();
  }
}

describe('delete-call', () => {
  it('empties a call statement, and makes a call whose value is used 0 (success)', async () => {
    expect(await mutate('delete-call', 'close(fd[1]);\nif (fflush(stdout) == EOF) exit(1);\n(void)unlink(path);')).toEqual([
      ';\nif (fflush(stdout) == EOF) exit(1);\n(void)unlink(path);',
      'close(fd[1]);\nif (0 == EOF) exit(1);\n(void)unlink(path);',
      'close(fd[1]);\nif (fflush(stdout) == EOF) exit(1);\n;',
    ]);
  });

  it('keeps an if without braces whole (the statement becomes empty, the next one stays outside)', async () => {
    expect(await mutate('delete-call', 'if (fd >= 0) close(fd);\nn++;')).toEqual(['if (fd >= 0) ;\nn++;']);
  });

  it('deletes a *ctl call only with IPC_RMID, and signal only for SIGPIPE, SIG_IGN', async () => {
    const found = await mutate('delete-call', 'msgctl(q, IPC_STAT, &ds);\nmsgctl(q, IPC_RMID, NULL);\nsemctl(s, 0, SETVAL, arg);\nsignal(SIGINT, SIG_IGN);\nsignal(SIGPIPE, SIG_IGN);');
    expect(found).toEqual([
      'msgctl(q, IPC_STAT, &ds);\n;\nsemctl(s, 0, SETVAL, arg);\nsignal(SIGINT, SIG_IGN);\nsignal(SIGPIPE, SIG_IGN);',
      'msgctl(q, IPC_STAT, &ds);\nmsgctl(q, IPC_RMID, NULL);\nsemctl(s, 0, SETVAL, arg);\nsignal(SIGINT, SIG_IGN);\n;',
    ]);
  });

  it('turns a wait loop into no wait at all', async () => {
    expect(await mutate('delete-call', 'while (waitpid(pid, &st, 0) == -1) ;')).toEqual(['while (0 == -1) ;']);
  });
});

describe('drop-flag', () => {
  it('drops a flag from an | expression, either side', async () => {
    expect(await mutate('drop-flag', 'fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);\nq = msgget(k, IPC_CREAT | IPC_EXCL | 0600);')).toEqual([
      'fd = open(p, O_WRONLY | O_CREAT, 0600);\nq = msgget(k, IPC_CREAT | IPC_EXCL | 0600);',
      'fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);\nq = msgget(k, IPC_CREAT | 0600);',
    ]);
  });

  it('makes a flag given alone 0, and leaves a flag tested with & alone', async () => {
    expect(await mutate('drop-flag', 'struct sembuf op = { .sem_num = 0, .sem_op = -1, .sem_flg = SEM_UNDO };\nif (fl & O_NONBLOCK) n++;\nmsgrcv(q, &m, 8, 1, IPC_NOWAIT);')).toEqual([
      'struct sembuf op = { .sem_num = 0, .sem_op = -1, .sem_flg = 0 };\nif (fl & O_NONBLOCK) n++;\nmsgrcv(q, &m, 8, 1, IPC_NOWAIT);',
      'struct sembuf op = { .sem_num = 0, .sem_op = -1, .sem_flg = SEM_UNDO };\nif (fl & O_NONBLOCK) n++;\nmsgrcv(q, &m, 8, 1, 0);',
    ]);
  });
});

describe('map-private, msgrcv-type-zero', () => {
  it('maps a shared mapping private', async () => {
    expect(await mutate('map-private', 'p = mmap(0, n, PROT_READ, MAP_SHARED, fd, 0);')).toEqual(['p = mmap(0, n, PROT_READ, MAP_PRIVATE, fd, 0);']);
  });

  it('makes msgrcv take any type, unless it already does', async () => {
    expect(await mutate('msgrcv-type-zero', 'msgrcv(q, &m, sizeof m.text, getpid(), 0);\nmsgrcv(q, &m, 8, 0, 0);')).toEqual(['msgrcv(q, &m, sizeof m.text, 0, 0);\nmsgrcv(q, &m, 8, 0, 0);']);
  });
});

describe('remove-pv-pair', () => {
  it('removes sem_wait(s) with the sem_post(s) after it, not another semaphore\'s', async () => {
    expect(await mutate('remove-pv-pair', 'sem_wait(a);\nsem_post(b);\nn++;\nsem_post(a);')).toEqual([';\nsem_post(b);\nn++;\n;']);
  });

  it('removes a P/V wrapper pair called with -1 then +1', async () => {
    expect(await mutate('remove-pv-pair', 'sem_change(id, -1);\nputs(w);\nsem_change(id, +1);')).toEqual([';\nputs(w);\n;']);
  });

  it('removes a raw semop P and the V on the same semaphore, from sembufs set up by initializer or assignment', async () => {
    expect(await mutate('remove-pv-pair', 'struct sembuf p = { 0, -1, SEM_UNDO }, v = { .sem_num = 0, .sem_op = 1, .sem_flg = SEM_UNDO };\nsemop(id, &p, 1);\nputs(w);\nsemop(id, &v, 1);'))
      .toEqual(['struct sembuf p = { 0, -1, SEM_UNDO }, v = { .sem_num = 0, .sem_op = 1, .sem_flg = SEM_UNDO };\n;\nputs(w);\n;']);
    // one sembuf reused: its sem_op as the assignment before each call makes it
    expect(await mutate('remove-pv-pair', 'struct sembuf op[1] = {{ 0, -1, 0 }};\nif (semop(id, op, 1) == -1) exit(1);\nn++;\nop[0].sem_op = +1;\nsemop(id, op, 1);'))
      .toEqual(['struct sembuf op[1] = {{ 0, -1, 0 }};\nif (0 == -1) exit(1);\nn++;\nop[0].sem_op = +1;\n;']);
  });

  it('pairs no raw semop across semaphores, sets or unknown deltas (P on one, V on the other passes a turn)', async () => {
    const turns = 'struct sembuf a = { 0, -1, 0 }, b = { 1, 1, 0 }, c = { 0, 1, 0 }, d = { 0, delta, 0 };\n';
    expect(await mutate('remove-pv-pair', `${turns}semop(id, &a, 1);\nsemop(id, &b, 1);\nsemop(other, &c, 1);\nsemop(id, &d, 1);`)).toEqual([]);
  });
});

describe('swap-ipc-calls', () => {
  it('swaps two adjacent IPC call statements, not an IPC call and another', async () => {
    expect(await mutate('swap-ipc-calls', 'close(fd[1]);\nwaitpid(pid, &st, 0);\nprintf("done\\n");')).toEqual(['waitpid(pid, &st, 0);\nclose(fd[1]);\nprintf("done\\n");']);
  });
  it('leaves two releases (close, unlink, IPC_RMID) in their order: no process can tell', async () => {
    expect(await mutate('swap-ipc-calls', 'close(fd);\nunlink(path);\nclose(p[0]);\nmsgctl(q, IPC_RMID, NULL);')).toEqual([]);
    expect(await mutate('swap-ipc-calls', 'write(fd, "x", 1);\nclose(fd);')).toEqual(['close(fd);\nwrite(fd, "x", 1);']);
  });
});

describe('mutant keys', () => {
  it('are stable when the file changes elsewhere, and tell apart the same edit made twice', async () => {
    const a = await mutantsOf(new Map([['x.c', 'void f(void) {\nclose(1);\nclose(1);\n}\n']]), ['delete-call']);
    const b = await mutantsOf(new Map([['x.c', '/* a comment */\nvoid f(void) {\nclose(1);\nclose(1);\n}\n']]), ['delete-call']);
    expect(a.map((m) => m.key)).toEqual(b.map((m) => m.key));
    expect(new Set(a.map((m) => m.key)).size).toBe(2);
    expect(a[0].key).toMatch(/^delete-call:x\.c:[0-9a-f]{8}$/);
    expect(a[0].diff).toContain('--- a/x.c\n+++ b/x.c\n');
    expect(a[0].diff.split('\n')).toEqual(expect.arrayContaining(['-close(1);', '+;']));
  });
});
