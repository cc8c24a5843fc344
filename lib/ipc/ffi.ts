// The one place koffi types and libc functions are declared. koffi's type names are process-wide,
// so every named type is defined here, once; the other modules call C only through `c`.
import { createRequire } from 'node:module';
import type koffiModule from 'koffi';
import type { TypeObject } from 'koffi';

type Koffi = typeof koffiModule;
let loaded: Koffi | undefined;
/**
 * koffi, loaded on first use: its native part is much of a program's start-up, and a program that
 * calls no C function (only what ipclab/ipc offers in JavaScript) never needs it. A require, not an
 * import: the bindings are synchronous.
 */
export function koffi(): Koffi {
  return (loaded ??= createRequire(import.meta.url)('koffi') as Koffi);
}

/**
 * koffi keeps type names process-wide, and jest evaluates this module once per test file in the same
 * process: a second `koffi().struct('x', ...)` throws "Duplicate type name". So each named type is
 * looked up first and only defined when missing. Names carry an `ipclab_` prefix so that another
 * module's types of the same C name cannot be mistaken for ours.
 */
function defineOnce(name: string, define: () => TypeObject): TypeObject {
  try {
    return koffi().type(name);
  } catch {
    return define();
  }
}

/** koffi's named types, defined on the first binding made (and in a process that already has them, left alone). */
function defineTypes(): void {
  defineOnce('ssize_t', () => koffi().alias('ssize_t', 'long'));
  defineOnce('ipclab_key_t', () => koffi().alias('ipclab_key_t', 'int'));
  defineOnce('ipclab_mode_t', () => koffi().alias('ipclab_mode_t', 'uint32_t'));
  defineOnce('ipclab_off_t', () => koffi().alias('ipclab_off_t', 'int64_t'));

  defineOnce('ipclab_ipc_perm', () =>
    koffi().struct('ipclab_ipc_perm', {
      __key: 'int',
      uid: 'uint32_t',
      gid: 'uint32_t',
      cuid: 'uint32_t',
      cgid: 'uint32_t',
      mode: 'uint16_t',
      __pad1: 'uint16_t',
      __seq: 'uint16_t',
      __pad2: 'uint16_t',
      __unused1: 'unsigned long',
      __unused2: 'unsigned long',
    }),
  );
  defineOnce('ipclab_msqid_ds', () =>
    koffi().struct('ipclab_msqid_ds', {
      msg_perm: 'ipclab_ipc_perm',
      msg_stime: 'long',
      msg_rtime: 'long',
      msg_ctime: 'long',
      msg_cbytes: 'unsigned long',
      msg_qnum: 'unsigned long',
      msg_qbytes: 'unsigned long',
      msg_lspid: 'int',
      msg_lrpid: 'int',
      __unused4: 'unsigned long',
      __unused5: 'unsigned long',
    }),
  );
  defineOnce('ipclab_shmid_ds', () =>
    koffi().struct('ipclab_shmid_ds', {
      shm_perm: 'ipclab_ipc_perm',
      shm_segsz: 'size_t',
      shm_atime: 'long',
      shm_dtime: 'long',
      shm_ctime: 'long',
      shm_cpid: 'int',
      shm_lpid: 'int',
      shm_nattch: 'unsigned long',
      __unused4: 'unsigned long',
      __unused5: 'unsigned long',
    }),
  );
  defineOnce('ipclab_semid_ds', () =>
    koffi().struct('ipclab_semid_ds', {
      sem_perm: 'ipclab_ipc_perm',
      sem_otime: 'long',
      __unused1: 'unsigned long',
      sem_ctime: 'long',
      __unused2: 'unsigned long',
      sem_nsems: 'unsigned long',
      __unused3: 'unsigned long',
      __unused4: 'unsigned long',
    }),
  );
  defineOnce('ipclab_sembuf', () =>
    koffi().struct('ipclab_sembuf', { sem_num: 'uint16_t', sem_op: 'int16_t', sem_flg: 'int16_t' }),
  );
  defineOnce('ipclab_mq_attr', () =>
    koffi().struct('ipclab_mq_attr', {
      mq_flags: 'long',
      mq_maxmsg: 'long',
      mq_msgsize: 'long',
      mq_curmsgs: 'long',
      __pad: koffi().array('long', 4),
    }),
  );
  defineOnce('ipclab_timespec', () => koffi().struct('ipclab_timespec', { tv_sec: 'long', tv_nsec: 'long' }));
}

let libcLib: ReturnType<Koffi["load"]> | undefined;
/** libc.so.6, loaded (and the types defined) when the first C function is bound. */
function libc(): ReturnType<Koffi["load"]> {
  if (!libcLib) {
    defineTypes();
    libcLib = koffi().load('libc.so.6');
  }
  return libcLib;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (...args: any[]) => any;
const bindings = {
  strerror: () => libc().func('const char *strerror(int errnum)'),

  msgget: () => libc().func('int msgget(ipclab_key_t key, int msgflg)'),
  msgsnd: () => libc().func('int msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg)'),
  msgrcv: () => libc().func('ssize_t msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg)'),
  msgctlStat: () => libc().func('msgctl', 'int', ['int', 'int', koffi().out(koffi().pointer('ipclab_msqid_ds'))]),
  msgctlPtr: () => libc().func('msgctl', 'int', ['int', 'int', 'void *']),

  semget: () => libc().func('int semget(ipclab_key_t key, int nsems, int semflg)'),
  semop: () => libc().func('int semop(int semid, ipclab_sembuf *sops, size_t nsops)'),
  semtimedop: () => libc().func(
    'int semtimedop(int semid, ipclab_sembuf *sops, size_t nsops, const ipclab_timespec *timeout)',
  ),
  semctl: () => libc().func('int semctl(int semid, int semnum, int cmd, ...)'),

  shmget: () => libc().func('int shmget(ipclab_key_t key, size_t size, int shmflg)'),
  shmat: () => libc().func('void *shmat(int shmid, void *shmaddr, int shmflg)'),
  shmdt: () => libc().func('int shmdt(void *shmaddr)'),
  shmctlStat: () => libc().func('shmctl', 'int', ['int', 'int', koffi().out(koffi().pointer('ipclab_shmid_ds'))]),
  shmctlPtr: () => libc().func('shmctl', 'int', ['int', 'int', 'void *']),

  mq_open: () => libc().func('int mq_open(const char *name, int oflag, ...)'),
  mq_send: () => libc().func('int mq_send(int mqdes, const void *msg, size_t len, unsigned int prio)'),
  mq_timedsend: () => libc().func(
    'int mq_timedsend(int mqdes, const void *msg, size_t len, unsigned int prio, const ipclab_timespec *abs)',
  ),
  mq_receive: () => libc().func('ssize_t mq_receive(int mqdes, void *msg, size_t len, _Out_ unsigned int *prio)'),
  mq_timedreceive: () => libc().func(
    'ssize_t mq_timedreceive(int mqdes, void *msg, size_t len, _Out_ unsigned int *prio, const ipclab_timespec *abs)',
  ),
  mq_close: () => libc().func('int mq_close(int mqdes)'),
  mq_unlink: () => libc().func('int mq_unlink(const char *name)'),
  mq_getattr: () => libc().func('int mq_getattr(int mqdes, _Out_ ipclab_mq_attr *attr)'),

  sem_open: () => libc().func('void *sem_open(const char *name, int oflag, ...)'),
  sem_close: () => libc().func('int sem_close(void *sem)'),
  sem_unlink: () => libc().func('int sem_unlink(const char *name)'),
  sem_wait: () => libc().func('int sem_wait(void *sem)'),
  sem_trywait: () => libc().func('int sem_trywait(void *sem)'),
  sem_timedwait: () => libc().func('int sem_timedwait(void *sem, const ipclab_timespec *abs)'),
  sem_post: () => libc().func('int sem_post(void *sem)'),
  sem_init: () => libc().func('int sem_init(void *sem, int pshared, unsigned int value)'),
  sem_destroy: () => libc().func('int sem_destroy(void *sem)'),
  sem_getvalue: () => libc().func('int sem_getvalue(void *sem, _Out_ int *sval)'),

  shm_open: () => libc().func('int shm_open(const char *name, int oflag, ipclab_mode_t mode)'),
  shm_unlink: () => libc().func('int shm_unlink(const char *name)'),
  open: () => libc().func('int open(const char *path, int flags, ...)'),
  ftruncate: () => libc().func('int ftruncate(int fd, ipclab_off_t length)'),
  mmap: () => libc().func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, ipclab_off_t offset)'),
  munmap: () => libc().func('int munmap(void *addr, size_t length)'),
  memfd_create: () => libc().func('int memfd_create(const char *name, unsigned int flags)'),
  mkfifo: () => libc().func('int mkfifo(const char *path, ipclab_mode_t mode)'),
  ftok: () => libc().func('ipclab_key_t ftok(const char *path, int proj_id)'),

  pipe2: () => libc().func('int pipe2(_Out_ int *pipefd, int flags)'),
  read: () => libc().func('ssize_t read(int fd, void *buf, size_t count)'),
  write: () => libc().func('ssize_t write(int fd, const void *buf, size_t count)'),
  close: () => libc().func('int close(int fd)'),
  dup: () => libc().func('int dup(int fd)'),
  dup2: () => libc().func('int dup2(int oldfd, int newfd)'),
  poll: () => libc().func('int poll(void *fds, unsigned long nfds, int timeout)'),
  fstat: () => libc().func('int fstat(int fd, void *statbuf)'),
  stat: () => libc().func('int stat(const char *path, void *statbuf)'),
  lstat: () => libc().func('int lstat(const char *path, void *statbuf)'),
  usleep: () => libc().func('int usleep(uint32_t usec)'),
  nanosleep: () => libc().func('int nanosleep(const ipclab_timespec *req, _Out_ ipclab_timespec *rem)'),
  fcntl: () => libc().func('int fcntl(int fd, int cmd, ...)'),

  getpid: () => libc().func('int getpid()'),
  getppid: () => libc().func('int getppid()'),
  kill: () => libc().func('int kill(int pid, int sig)'),
  waitpid: () => libc().func('int waitpid(int pid, _Out_ int *status, int options)'),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * libc's functions, each bound on first use: binding all of them costs every program start-up
 * time (koffi parses each prototype), and a program calls a few. A property replaces its getter
 * with the bound function, so later calls cost what a plain property does.
 */
export const c = {} as { readonly [K in keyof typeof bindings]: Fn };
for (const [name, bind] of Object.entries(bindings)) {
  Object.defineProperty(c, name, {
    configurable: true,
    enumerable: true,
    get() {
      const fn = bind() as Fn;
      Object.defineProperty(c, name, { value: fn, enumerable: true });
      return fn;
    },
  });
}

/** The variadic argument type of semctl(IPC_STAT); `unknown`, as koffi's marker type has no name a .d.ts could use. */
let semidOut: unknown;
export function semidDsOut(): unknown {
  libc();
  return (semidOut ??= koffi().out(koffi().pointer('ipclab_semid_ds')));
}
