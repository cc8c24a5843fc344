// Tests of the IPC bindings against the real kernel: every object is made for the test, under a key or
// name no other test uses, and removed in a finally block whatever the assertions did.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';
import ts from 'typescript';
import * as ipc from '../../../lib/ipc/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ipcSources = path.resolve(here, '../../../lib/ipc');

// Keys 0x1cXXXXXX: the pid's low 18 bits and a 6-bit counter, so that concurrent test processes
// (and other suites, which use other ranges) do not collide.
let counter = 0;
function uniqueKey(): number {
  counter += 1;
  if (counter >= 64) throw new Error('too many keys for one test file');
  return (0x1c00_0000 | ((process.pid & 0x3_ffff) << 6) | counter) | 0;
}
function uniqueName(what: string): string {
  counter += 1;
  return `/ipclab-test-${what}-${process.pid}-${counter}`;
}

/** Runs `fn`, expecting it to throw an IpcError; returns the error. */
function ipcErrorOf(fn: () => unknown): ipc.IpcError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ipc.IpcError) return e;
    throw e;
  }
  throw new Error('expected an IpcError, nothing was thrown');
}

function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // clean-up of an object that may already be gone
  }
}

describe('errors', () => {
  test('msgget without IPC_CREAT on a missing key: ENOENT, named after the call, perror-style', () => {
    const key = uniqueKey();
    const err = ipcErrorOf(() => ipc.msgget(key, 0o600));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('IpcError');
    expect(err.call).toBe('msgget');
    expect(err.errno).toBe(ipc.ENOENT);
    expect(err.code).toBe('ENOENT');
    expect(err.message).toBe('msgget: No such file or directory');
  });

  test('errno constants agree with the system, and names are canonical', () => {
    const names = ['EPERM', 'ENOENT', 'EINTR', 'EAGAIN', 'EEXIST', 'EINVAL', 'EPIPE', 'ENOMSG', 'EIDRM', 'E2BIG',
      'ETIMEDOUT', 'EBADF', 'ECHILD', 'EACCES', 'ENOSPC', 'EMSGSIZE'] as const;
    for (const n of names) {
      expect([n, ipc[n]]).toEqual([n, koffi.os.errno[n]]);
      expect(ipc.errnoName(ipc[n])).toBe(n);
    }
    expect(ipc.errnoName(ipc.EWOULDBLOCK)).toBe('EAGAIN');
    expect(ipc.strerror(ipc.EIDRM)).toBe('Identifier removed');
  });

  test('retryEintr retries only EINTR', () => {
    let calls = 0;
    expect(
      ipc.retryEintr(() => {
        calls += 1;
        if (calls < 3) throw new ipc.IpcError('msgrcv', ipc.EINTR);
        return 'done';
      }),
    ).toBe('done');
    expect(calls).toBe(3);
    expect(() => ipc.retryEintr(() => { throw new ipc.IpcError('msgrcv', ipc.EIDRM); })).toThrow('msgrcv: Identifier removed');
  });
});

describe('System V message queues', () => {
  test('round trip, msg_qnum, type selection and IPC_RMID', () => {
    const key = uniqueKey();
    const q = ipc.msgget(key, ipc.IPC_CREAT | ipc.IPC_EXCL | 0o600);
    let removed = false;
    try {
      expect(ipc.msgget(key, 0)).toBe(q);
      ipc.msgsnd(q, 1, 'first');
      ipc.msgsnd(q, 7, Buffer.from([0x00, 0xff, 0x41]));
      ipc.msgsnd(q, 1, 'with NUL\0');
      const st = ipc.msgctl(q, ipc.IPC_STAT);
      expect(st.msg_qnum).toBe(3);
      expect(st.msg_cbytes).toBe(5 + 3 + 9);
      expect(st.msg_perm.__key).toBe(key);
      expect(st.msg_perm.mode & 0o777).toBe(0o600);
      expect(st.msg_lspid).toBe(process.pid);
      expect(Object.keys(st).some((k) => k.startsWith('__'))).toBe(false);

      expect(ipc.msgrcv(q, 100, 7)).toEqual({ mtype: 7, data: Buffer.from([0x00, 0xff, 0x41]) });
      expect(ipc.msgrcv(q, 100, 0)).toEqual({ mtype: 1, data: Buffer.from('first') });
      const withNul = ipc.msgrcv(q, 100, 1);
      expect(withNul.data.length).toBe(9);
      expect(ipc.stripNul(withNul.data).toString()).toBe('with NUL');
      expect(ipc.msgctl(q, ipc.IPC_STAT).msg_qnum).toBe(0);

      expect(ipcErrorOf(() => ipc.msgrcv(q, 100, 0, ipc.IPC_NOWAIT)).code).toBe('ENOMSG');
      ipc.msgsnd(q, 3, 'a longer text');
      expect(ipcErrorOf(() => ipc.msgrcv(q, 4, 0, ipc.IPC_NOWAIT)).code).toBe('E2BIG');
      expect(ipc.msgrcv(q, 4, 0, ipc.IPC_NOWAIT | ipc.MSG_NOERROR).data.toString()).toBe('a lo');

      ipc.msgctl(q, ipc.IPC_RMID);
      removed = true;
      expect(ipcErrorOf(() => ipc.msgctl(q, ipc.IPC_STAT)).code).toBe('EINVAL');
      expect(ipcErrorOf(() => ipc.msgget(key, 0)).code).toBe('ENOENT');
    } finally {
      if (!removed) quietly(() => ipc.msgctl(q, ipc.IPC_RMID));
    }
  });

  test('IPC_EXCL on an existing key fails with EEXIST', () => {
    const key = uniqueKey();
    const q = ipc.msgget(key, ipc.IPC_CREAT | ipc.IPC_EXCL | 0o600);
    try {
      const err = ipcErrorOf(() => ipc.msgget(key, ipc.IPC_CREAT | ipc.IPC_EXCL | 0o600));
      expect([err.call, err.code]).toEqual(['msgget', 'EEXIST']);
    } finally {
      ipc.msgctl(q, ipc.IPC_RMID);
    }
  });
});

describe('System V semaphores', () => {
  test('SETVAL, GETVAL, GETALL, SETALL, semop and IPC_NOWAIT', () => {
    const key = uniqueKey();
    const s = ipc.semget(key, 2, ipc.IPC_CREAT | ipc.IPC_EXCL | 0o600);
    try {
      expect(ipc.semctl(s, 0, ipc.IPC_STAT).sem_nsems).toBe(2);
      ipc.semctl(s, 0, ipc.SETVAL, 1);
      expect(ipc.semctl(s, 0, ipc.GETVAL)).toBe(1);
      expect(ipc.semctl(s, 0, ipc.GETALL)).toEqual([1, 0]);

      ipc.semop(s, { sem_num: 0, sem_op: -1, sem_flg: ipc.SEM_UNDO });
      expect(ipc.semctl(s, 0, ipc.GETVAL)).toBe(0);
      expect(ipc.semctl(s, 0, ipc.GETPID)).toBe(process.pid);
      const busy = ipcErrorOf(() => ipc.semop(s, { sem_num: 0, sem_op: -1, sem_flg: ipc.IPC_NOWAIT }));
      expect([busy.call, busy.code]).toEqual(['semop', 'EAGAIN']);
      expect(ipcErrorOf(() => ipc.semtimedop(s, { sem_num: 0, sem_op: -1 }, 20)).code).toBe('EAGAIN');
      ipc.semop(s, [
        { sem_num: 0, sem_op: 1, sem_flg: ipc.SEM_UNDO },
        { sem_num: 1, sem_op: 5 },
      ]);
      expect(ipc.semctl(s, 0, ipc.GETALL)).toEqual([1, 5]);

      ipc.semctl(s, 0, ipc.SETALL, [3, 4]);
      expect(ipc.semctl(s, 1, ipc.GETVAL)).toBe(4);
      expect(() => ipc.semctl(s, 0, ipc.SETALL, [1])).toThrow(RangeError);
    } finally {
      ipc.semctl(s, 0, ipc.IPC_RMID);
    }
    expect(ipcErrorOf(() => ipc.semget(key, 0, 0)).code).toBe('ENOENT');
  });
});

describe('System V shared memory', () => {
  test('attach, write through the view, second attach sees it, nattch, IPC_RMID', () => {
    const key = uniqueKey();
    const id = ipc.shmget(key, 10_000, ipc.IPC_CREAT | ipc.IPC_EXCL | 0o600);
    const attached: ipc.Mapping[] = [];
    try {
      const a = ipc.shmat(id);
      attached.push(a);
      expect(a.length).toBe(10_000);
      expect(a.buf.length).toBe(10_000);
      expect(ipc.shmctl(id, ipc.IPC_STAT).shm_nattch).toBe(1);
      a.buf.write('shared!', 9000);
      a.buf.writeBigUInt64LE(42n, 0);

      const b = ipc.shmat(id, ipc.SHM_RDONLY);
      attached.push(b);
      const st = ipc.shmctl(id, ipc.IPC_STAT);
      expect(st.shm_nattch).toBe(2);
      expect(st.shm_segsz).toBe(10_000);
      expect(st.shm_cpid).toBe(process.pid);
      expect(b.addr).not.toBe(a.addr);
      expect(b.buf.toString('utf8', 9000, 9007)).toBe('shared!');
      expect(b.buf.readBigUInt64LE(0)).toBe(42n);

      ipc.shmdt(attached.pop()!);
      expect(ipc.shmctl(id, ipc.IPC_STAT).shm_nattch).toBe(1);
    } finally {
      for (const m of attached) quietly(() => ipc.shmdt(m));
      ipc.shmctl(id, ipc.IPC_RMID);
    }
    expect(ipcErrorOf(() => ipc.shmget(key, 0, 0)).code).toBe('ENOENT');
  });

  test('shmat on a bad id fails (NULL is not the failure value, (void *)-1 is)', () => {
    const err = ipcErrorOf(() => ipc.shmat(-1));
    expect(err.code).toBe('EINVAL');
  });
});

describe('POSIX message queues', () => {
  test('priorities, mq_getattr, non-blocking receive, unlink', () => {
    const name = uniqueName('mq');
    const mq = ipc.mq_open(name, ipc.O_CREAT | ipc.O_EXCL | ipc.O_RDWR | ipc.O_NONBLOCK, 0o600, {
      mq_maxmsg: 4,
      mq_msgsize: 64,
    });
    let unlinked = false;
    try {
      for (const [prio, text] of [[1, 'one-a'], [5, 'five'], [1, 'one-b'], [9, 'nine']] as const) {
        ipc.mq_send(mq, text, prio);
      }
      const attr = ipc.mq_getattr(mq);
      expect(attr).toEqual({ mq_flags: ipc.O_NONBLOCK, mq_maxmsg: 4, mq_msgsize: 64, mq_curmsgs: 4 });
      expect(ipcErrorOf(() => ipc.mq_send(mq, 'full', 1)).code).toBe('EAGAIN');
      expect(ipcErrorOf(() => ipc.mq_receive(mq, 10)).code).toBe('EMSGSIZE');

      const got = [1, 2, 3, 4].map(() => ipc.mq_receive(mq));
      expect(got.map((m) => [m.prio, m.data.toString()])).toEqual([
        [9, 'nine'],
        [5, 'five'],
        [1, 'one-a'],
        [1, 'one-b'],
      ]);
      const empty = ipcErrorOf(() => ipc.mq_receive(mq));
      expect([empty.call, empty.code]).toEqual(['mq_receive', 'EAGAIN']);

      ipc.mq_unlink(name);
      unlinked = true;
      expect(ipcErrorOf(() => ipc.mq_open(name, ipc.O_RDONLY)).code).toBe('ENOENT');
    } finally {
      ipc.mq_close(mq);
      if (!unlinked) quietly(() => ipc.mq_unlink(name));
    }
  });

  test('mq_timedsend and mq_timedreceive time out', () => {
    const name = uniqueName('mqt');
    const mq = ipc.mq_open(name, ipc.O_CREAT | ipc.O_EXCL | ipc.O_RDWR, 0o600, { mq_maxmsg: 1, mq_msgsize: 16 });
    try {
      expect(ipcErrorOf(() => ipc.mq_timedreceive(mq, ipc.deadlineAfter(20))).code).toBe('ETIMEDOUT');
      ipc.mq_timedsend(mq, 'x', 3, ipc.deadlineAfter(1000));
      const full = ipcErrorOf(() => ipc.mq_timedsend(mq, 'y', 3, ipc.deadlineAfter(20)));
      expect([full.call, full.code]).toEqual(['mq_timedsend', 'ETIMEDOUT']);
      expect(ipc.mq_timedreceive(mq, ipc.deadlineAfter(1000))).toEqual({ data: Buffer.from('x'), prio: 3 });
    } finally {
      ipc.mq_close(mq);
      ipc.mq_unlink(name);
    }
  });
});

describe('POSIX semaphores', () => {
  test('named: create, wait, trywait, post, value, O_EXCL, unlink', () => {
    const name = uniqueName('sem');
    const sem = ipc.sem_open(name, ipc.O_CREAT | ipc.O_EXCL, 0o600, 1);
    let unlinked = false;
    try {
      expect(typeof sem).toBe('bigint');
      expect(ipc.sem_getvalue(sem)).toBe(1);
      ipc.sem_wait(sem);
      expect(ipc.sem_getvalue(sem)).toBe(0);
      const busy = ipcErrorOf(() => ipc.sem_trywait(sem));
      expect([busy.call, busy.code]).toEqual(['sem_trywait', 'EAGAIN']);
      expect(ipcErrorOf(() => ipc.sem_timedwait(sem, ipc.deadlineAfter(20))).code).toBe('ETIMEDOUT');
      ipc.sem_post(sem);
      ipc.sem_post(sem);
      expect(ipc.sem_getvalue(sem)).toBe(2);

      const again = ipc.sem_open(name, 0);
      try {
        expect(ipc.sem_getvalue(again)).toBe(2);
      } finally {
        ipc.sem_close(again);
      }
      const excl = ipcErrorOf(() => ipc.sem_open(name, ipc.O_CREAT | ipc.O_EXCL, 0o600, 1));
      expect([excl.call, excl.code]).toEqual(['sem_open', 'EEXIST']);

      ipc.sem_unlink(name);
      unlinked = true;
      expect(ipcErrorOf(() => ipc.sem_open(name, 0)).code).toBe('ENOENT');
    } finally {
      ipc.sem_close(sem);
      if (!unlinked) quietly(() => ipc.sem_unlink(name));
    }
  });

  test('unnamed, in shared memory (sem_init pshared 1)', () => {
    const fd = ipc.memfd_create('ipclab-test-sem', ipc.MFD_CLOEXEC);
    try {
      ipc.ftruncate(fd, 4096);
      const m = ipc.mmap(4096, ipc.PROT_READ | ipc.PROT_WRITE, ipc.MAP_SHARED, fd);
      try {
        const sem = ipc.ptrAt(m, 0);
        ipc.sem_init(sem, 1, 1);
        ipc.sem_wait(sem);
        m.buf.writeBigInt64LE(m.buf.readBigInt64LE(ipc.SEM_T_SIZE) + 1n, ipc.SEM_T_SIZE);
        ipc.sem_post(sem);
        expect(ipc.sem_getvalue(sem)).toBe(1);
        expect(m.buf.readBigInt64LE(ipc.SEM_T_SIZE)).toBe(1n);
        ipc.sem_destroy(sem);
        expect(() => ipc.ptrAt(m, 4096)).toThrow(RangeError);
      } finally {
        ipc.munmap(m);
      }
    } finally {
      ipc.close(fd);
    }
  });
});

describe('shared memory mappings', () => {
  test('shm_open + ftruncate + mmap: shared with the object and with a second mapping', () => {
    const name = uniqueName('shm');
    const fd = ipc.shm_open(name, ipc.O_CREAT | ipc.O_EXCL | ipc.O_RDWR, 0o600);
    const maps: ipc.Mapping[] = [];
    try {
      ipc.ftruncate(fd, 8192);
      expect(fs.fstatSync(fd).size).toBe(8192);
      const a = ipc.mmap(8192, ipc.PROT_READ | ipc.PROT_WRITE, ipc.MAP_SHARED, fd);
      maps.push(a);
      const b = ipc.mmap(4096, ipc.PROT_READ, ipc.MAP_SHARED, fd, 4096);
      maps.push(b);
      a.buf.write('hello, shm', 4096);
      expect(b.buf.toString('utf8', 0, 10)).toBe('hello, shm');
      expect(fs.readFileSync(`/dev/shm${name}`).subarray(4096, 4106).toString()).toBe('hello, shm');

      const other = ipc.shm_open(name, ipc.O_RDWR);
      ipc.close(other);
      expect(ipcErrorOf(() => ipc.shm_open(name, ipc.O_CREAT | ipc.O_EXCL | ipc.O_RDWR)).code).toBe('EEXIST');
    } finally {
      for (const m of maps) ipc.munmap(m);
      ipc.close(fd);
      ipc.shm_unlink(name);
    }
    expect(fs.existsSync(`/dev/shm${name}`)).toBe(false);
    expect(ipcErrorOf(() => ipc.shm_unlink(name)).code).toBe('ENOENT');
  });

  test('memfd_create + mmap: the mapping writes the file', () => {
    const fd = ipc.memfd_create('ipclab-test-memfd', ipc.MFD_CLOEXEC);
    try {
      ipc.ftruncate(fd, 4096);
      const m = ipc.mmap(4096, ipc.PROT_READ | ipc.PROT_WRITE, ipc.MAP_SHARED, fd);
      try {
        m.buf.writeBigInt64LE(123456789n, 8);
        const back = Buffer.alloc(8);
        expect(fs.readSync(fd, back, 0, 8, 8)).toBe(8);
        expect(back.readBigInt64LE(0)).toBe(123456789n);
      } finally {
        ipc.munmap(m);
      }
    } finally {
      ipc.close(fd);
    }
  });

  test('anonymous shared mapping, and mmap failing with (void *)-1', () => {
    const m = ipc.mmap(4096, ipc.PROT_READ | ipc.PROT_WRITE, ipc.MAP_SHARED | ipc.MAP_ANONYMOUS);
    try {
      expect(m.buf.every((x) => x === 0)).toBe(true);
    } finally {
      ipc.munmap(m);
    }
    const err = ipcErrorOf(() => ipc.mmap(4096, ipc.PROT_READ, ipc.MAP_SHARED, 1_000_000));
    expect([err.call, err.code]).toEqual(['mmap', 'EBADF']);
  });
});

describe('pipes, FIFOs and descriptors', () => {
  test('pipe2 gives a real pipe; read, write, EOF, EAGAIN, EPIPE', () => {
    const [r, w] = ipc.pipe2(ipc.O_CLOEXEC | ipc.O_NONBLOCK);
    let wOpen = true;
    try {
      expect(fs.fstatSync(r).isFIFO()).toBe(true);
      expect(fs.fstatSync(w).isFIFO()).toBe(true);
      const buf = Buffer.alloc(16);
      expect(ipcErrorOf(() => ipc.read(r, buf)).code).toBe('EAGAIN');
      expect(ipc.write(w, 'abcdef', 4)).toBe(4);
      ipc.writeAll(w, Buffer.from([0, 1, 2]));
      expect(ipc.read(r, buf, 5)).toBe(5);
      expect(buf.subarray(0, 5).toString('latin1')).toBe('abcd\0');
      expect(ipc.readBlocking(r, buf)).toBe(2);
      expect(() => ipc.read(r, buf, 17)).toThrow(RangeError);
      ipc.close(w);
      wOpen = false;
      expect(ipc.read(r, buf)).toBe(0);
    } finally {
      if (wOpen) ipc.close(w);
      ipc.close(r);
    }

    const [r2, w2] = ipc.pipe2(ipc.O_CLOEXEC);
    ipc.close(r2);
    try {
      const err = ipcErrorOf(() => ipc.write(w2, 'nobody reads'));
      expect([err.call, err.code]).toEqual(['write', 'EPIPE']);
    } finally {
      ipc.close(w2);
    }
  });

  test('writeAll waits on a full non-blocking pipe until a reader drains it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipclab-test-'));
    const [r, w] = ipc.pipe2(ipc.O_CLOEXEC);
    try {
      const child = spawn('sh', ['-c', 'cat > "$0"', path.join(dir, 'out')], { stdio: [r, 'ignore', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      ipc.close(r);
      ipc.fcntl(w, ipc.F_SETFL, ipc.fcntl(w, ipc.F_GETFL) | ipc.O_NONBLOCK);
      expect(ipc.fcntl(w, ipc.F_GETFL) & ipc.O_NONBLOCK).toBe(ipc.O_NONBLOCK);
      expect(ipc.fcntl(w, ipc.F_GETFD) & ipc.FD_CLOEXEC).toBe(ipc.FD_CLOEXEC);
      const data = Buffer.alloc(1 << 20);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
      ipc.writeAll(w, data); // 16 times what the pipe holds: EAGAIN, poll, partial writes
      ipc.close(w);
      expect(await exited).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'out')).equals(data)).toBe(true);
    } finally {
      quietly(() => ipc.close(w));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('mkfifo makes a FIFO; non-blocking open and data through it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipclab-test-'));
    const fifo = path.join(dir, 'f.fifo');
    try {
      ipc.mkfifo(fifo, 0o600);
      const st = fs.statSync(fifo);
      expect(st.isFIFO()).toBe(true);
      expect(st.mode & 0o777).toBe(0o600);
      expect(ipcErrorOf(() => ipc.mkfifo(fifo)).code).toBe('EEXIST');
      // No reader yet: a non-blocking open for writing fails with ENXIO.
      expect(ipcErrorOf(() => ipc.open(fifo, ipc.O_WRONLY | ipc.O_NONBLOCK)).code).toBe('ENXIO');
      const r = ipc.open(fifo, ipc.O_RDONLY | ipc.O_NONBLOCK | ipc.O_CLOEXEC);
      try {
        const w = ipc.open(fifo, ipc.O_WRONLY | ipc.O_CLOEXEC);
        try {
          ipc.writeAll(w, 'through the fifo\n');
        } finally {
          ipc.close(w);
        }
        const buf = Buffer.alloc(64);
        const n = ipc.readBlocking(r, buf);
        expect(buf.subarray(0, n).toString()).toBe('through the fifo\n');
      } finally {
        ipc.close(r);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dup, dup2, close, ftok, getpid, kill', () => {
    const [r, w] = ipc.pipe2(ipc.O_CLOEXEC);
    const extra: number[] = [];
    try {
      const d = ipc.dup(w);
      extra.push(d);
      const d2 = ipc.dup2(w, d + 10);
      extra.push(d2);
      expect(d2).toBe(d + 10);
      ipc.writeAll(d2, 'x');
      const buf = Buffer.alloc(1);
      expect(ipc.read(r, buf)).toBe(1);
    } finally {
      for (const fd of [r, w, ...extra]) ipc.close(fd);
    }
    expect(ipcErrorOf(() => ipc.close(r)).code).toBe('EBADF');

    const k1 = ipc.ftok(os.tmpdir(), 1);
    expect(ipc.ftok(os.tmpdir(), 1)).toBe(k1);
    expect(ipc.ftok(os.tmpdir(), 2)).not.toBe(k1);
    expect(ipcErrorOf(() => ipc.ftok('/nonexistent/ipclab', 1)).call).toBe('ftok');

    expect(ipc.getpid()).toBe(process.pid);
    expect(ipc.getppid()).toBe(process.ppid);
    ipc.kill(process.pid, 0);
    expect(ipcErrorOf(() => ipc.kill(0x3fff_ffff, 'SIGTERM')).code).toBe('ESRCH');
  });

  test('waitpid and the W* macros on a child not managed by child_process', () => {
    // pid 1 is not our child: waitpid on it fails with ECHILD.
    expect(ipcErrorOf(() => ipc.waitpid(1)).code).toBe('ECHILD');
    expect(ipc.WIFEXITED(3 << 8)).toBe(true);
    expect(ipc.WEXITSTATUS(3 << 8)).toBe(3);
    expect(ipc.WIFSIGNALED(9)).toBe(true);
    expect(ipc.WTERMSIG(9)).toBe(9);
    expect(ipc.WIFSIGNALED(0x137f)).toBe(false); // stopped by SIGSTOP
  });
});

describe('argument helpers', () => {
  test.each([
    ['1', 1],
    ['010', 10],
    ['0x10', 16],
    ['0X1f', 31],
    ['2147483647', 0x7fffffff],
    ['2147483648', -2147483648],
    ['4294967295', -1],
    ['0xffffffff', -1],
    ['0x00000001', 1],
  ])('parseKey(%j) is %i as key_t', (text, key) => {
    expect(ipc.parseKey(text)).toBe(key);
  });

  test.each(['0', '0x0', '00', '4294967296', '0x100000000', 'abc', '', '-1', '+5', ' 5', '5 ', '0x', '1e3', '12a', '0x1g'])(
    'parseKey(%j) is wrong usage',
    (text) => {
      expect(() => ipc.parseKey(text)).toThrow(ipc.UsageError);
    },
  );

  test('parseIntArg', () => {
    expect(ipc.parseIntArg('10', 'nclients', 1)).toBe(10);
    expect(ipc.parseIntArg('007', 'n')).toBe(7);
    expect(() => ipc.parseIntArg('0', 'nclients', 1)).toThrow(ipc.UsageError);
    expect(() => ipc.parseIntArg('-3', 'n')).toThrow(ipc.UsageError);
    expect(() => ipc.parseIntArg('3x', 'n')).toThrow(ipc.UsageError);
    expect(() => ipc.parseIntArg('99999999999', 'n')).toThrow(ipc.UsageError);
  });

  test('stripNul cuts at the first NUL', () => {
    expect(ipc.stripNul(Buffer.from('abc')).toString()).toBe('abc');
    expect(ipc.stripNul(Buffer.from('abc\0')).toString()).toBe('abc');
    expect(ipc.stripNul(Buffer.from('ab\0c\0')).toString()).toBe('ab');
  });
});

describe('the module as compiled for submissions', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipclab-test-build-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Every module of the bindings, transpiled into `dir/<into>/`. */
  function transpileInto(into: string): void {
    fs.mkdirSync(path.join(dir, into), { recursive: true });
    for (const name of fs.readdirSync(ipcSources).filter((f) => f.endsWith('.ts'))) {
      const out = ts.transpileModule(fs.readFileSync(path.join(ipcSources, name), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      });
      fs.writeFileSync(path.join(dir, into, name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }

  function compile(): string {
    // two copies: two module graphs, so one process evaluates every module of the bindings twice
    transpileInto('ipc');
    transpileInto('ipc-again');
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    const koffiDir = path.resolve(here, '../../../node_modules/koffi');
    fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    fs.symlinkSync(koffiDir, path.join(dir, 'node_modules', 'koffi'));
    return dir;
  }

  function runNode(script: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('two evaluations in one process do not redefine koffi types', () => {
    compile();
    const r = runNode(
      "const a = await import('./ipc/index.js'); const b = await import('./ipc-again/index.js');" +
        "console.log(a.getpid() === b.getpid(), b.strerror(2));",
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('true No such file or directory\n');
  });

  test('die prints the perror-style line and exits 1; usage prints usage: and exits 2', () => {
    const key = uniqueKey();
    const d = runNode(`const i = await import('./ipc/index.js'); try { i.msgget(${key}, 0) } catch (e) { i.die(e) }`);
    expect([d.status, d.stdout, d.stderr]).toEqual([1, '', 'msgget: No such file or directory\n']);
    const u = runNode("const i = await import('./ipc/index.js'); i.usage('prog <key>')");
    expect([u.status, u.stderr]).toEqual([2, 'usage: prog <key>\n']);
    const k = runNode("const i = await import('./ipc/index.js'); try { i.parseKey('0') } catch (e) { i.die(e) }");
    expect(k.status).toBe(2);
    expect(k.stderr).toMatch(/^usage: /);
  });
});
