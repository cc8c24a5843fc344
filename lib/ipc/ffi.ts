// The one place koffi types and libc functions are declared. koffi's type names are process-wide,
// so every named type is defined here, once; the other modules call C only through `c`.
import koffi, { type TypeObject } from 'koffi';

/**
 * koffi keeps type names process-wide, and jest evaluates this module once per test file in the same
 * process: a second `koffi.struct('x', ...)` throws "Duplicate type name". So each named type is
 * looked up first and only defined when missing. Names carry an `ipclab_` prefix so that another
 * module's types of the same C name cannot be mistaken for ours.
 */
function defineOnce(name: string, define: () => TypeObject): TypeObject {
  try {
    return koffi.type(name);
  } catch {
    return define();
  }
}

defineOnce('ssize_t', () => koffi.alias('ssize_t', 'long'));
defineOnce('ipclab_key_t', () => koffi.alias('ipclab_key_t', 'int'));
defineOnce('ipclab_mode_t', () => koffi.alias('ipclab_mode_t', 'uint32_t'));
defineOnce('ipclab_off_t', () => koffi.alias('ipclab_off_t', 'int64_t'));

defineOnce('ipclab_ipc_perm', () =>
  koffi.struct('ipclab_ipc_perm', {
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
  koffi.struct('ipclab_msqid_ds', {
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
  koffi.struct('ipclab_shmid_ds', {
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
  koffi.struct('ipclab_semid_ds', {
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
  koffi.struct('ipclab_sembuf', { sem_num: 'uint16_t', sem_op: 'int16_t', sem_flg: 'int16_t' }),
);
defineOnce('ipclab_mq_attr', () =>
  koffi.struct('ipclab_mq_attr', {
    mq_flags: 'long',
    mq_maxmsg: 'long',
    mq_msgsize: 'long',
    mq_curmsgs: 'long',
    __pad: koffi.array('long', 4),
  }),
);
defineOnce('ipclab_timespec', () => koffi.struct('ipclab_timespec', { tv_sec: 'long', tv_nsec: 'long' }));

const libc = koffi.load('libc.so.6');

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (...args: any[]) => any;
export const c = {
  strerror: libc.func('const char *strerror(int errnum)') as Fn,

  msgget: libc.func('int msgget(ipclab_key_t key, int msgflg)') as Fn,
  msgsnd: libc.func('int msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg)') as Fn,
  msgrcv: libc.func('ssize_t msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg)') as Fn,
  msgctlStat: libc.func('msgctl', 'int', ['int', 'int', koffi.out(koffi.pointer('ipclab_msqid_ds'))]) as Fn,
  msgctlPtr: libc.func('msgctl', 'int', ['int', 'int', 'void *']) as Fn,

  semget: libc.func('int semget(ipclab_key_t key, int nsems, int semflg)') as Fn,
  semop: libc.func('int semop(int semid, ipclab_sembuf *sops, size_t nsops)') as Fn,
  semtimedop: libc.func(
    'int semtimedop(int semid, ipclab_sembuf *sops, size_t nsops, const ipclab_timespec *timeout)',
  ) as Fn,
  semctl: libc.func('int semctl(int semid, int semnum, int cmd, ...)') as Fn,

  shmget: libc.func('int shmget(ipclab_key_t key, size_t size, int shmflg)') as Fn,
  shmat: libc.func('void *shmat(int shmid, void *shmaddr, int shmflg)') as Fn,
  shmdt: libc.func('int shmdt(void *shmaddr)') as Fn,
  shmctlStat: libc.func('shmctl', 'int', ['int', 'int', koffi.out(koffi.pointer('ipclab_shmid_ds'))]) as Fn,
  shmctlPtr: libc.func('shmctl', 'int', ['int', 'int', 'void *']) as Fn,

  mq_open: libc.func('int mq_open(const char *name, int oflag, ...)') as Fn,
  mq_send: libc.func('int mq_send(int mqdes, const void *msg, size_t len, unsigned int prio)') as Fn,
  mq_timedsend: libc.func(
    'int mq_timedsend(int mqdes, const void *msg, size_t len, unsigned int prio, const ipclab_timespec *abs)',
  ) as Fn,
  mq_receive: libc.func('ssize_t mq_receive(int mqdes, void *msg, size_t len, _Out_ unsigned int *prio)') as Fn,
  mq_timedreceive: libc.func(
    'ssize_t mq_timedreceive(int mqdes, void *msg, size_t len, _Out_ unsigned int *prio, const ipclab_timespec *abs)',
  ) as Fn,
  mq_close: libc.func('int mq_close(int mqdes)') as Fn,
  mq_unlink: libc.func('int mq_unlink(const char *name)') as Fn,
  mq_getattr: libc.func('int mq_getattr(int mqdes, _Out_ ipclab_mq_attr *attr)') as Fn,

  sem_open: libc.func('void *sem_open(const char *name, int oflag, ...)') as Fn,
  sem_close: libc.func('int sem_close(void *sem)') as Fn,
  sem_unlink: libc.func('int sem_unlink(const char *name)') as Fn,
  sem_wait: libc.func('int sem_wait(void *sem)') as Fn,
  sem_trywait: libc.func('int sem_trywait(void *sem)') as Fn,
  sem_timedwait: libc.func('int sem_timedwait(void *sem, const ipclab_timespec *abs)') as Fn,
  sem_post: libc.func('int sem_post(void *sem)') as Fn,
  sem_init: libc.func('int sem_init(void *sem, int pshared, unsigned int value)') as Fn,
  sem_destroy: libc.func('int sem_destroy(void *sem)') as Fn,
  sem_getvalue: libc.func('int sem_getvalue(void *sem, _Out_ int *sval)') as Fn,

  shm_open: libc.func('int shm_open(const char *name, int oflag, ipclab_mode_t mode)') as Fn,
  shm_unlink: libc.func('int shm_unlink(const char *name)') as Fn,
  open: libc.func('int open(const char *path, int flags, ...)') as Fn,
  ftruncate: libc.func('int ftruncate(int fd, ipclab_off_t length)') as Fn,
  mmap: libc.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, ipclab_off_t offset)') as Fn,
  munmap: libc.func('int munmap(void *addr, size_t length)') as Fn,
  memfd_create: libc.func('int memfd_create(const char *name, unsigned int flags)') as Fn,
  mkfifo: libc.func('int mkfifo(const char *path, ipclab_mode_t mode)') as Fn,
  ftok: libc.func('ipclab_key_t ftok(const char *path, int proj_id)') as Fn,

  pipe2: libc.func('int pipe2(_Out_ int *pipefd, int flags)') as Fn,
  read: libc.func('ssize_t read(int fd, void *buf, size_t count)') as Fn,
  write: libc.func('ssize_t write(int fd, const void *buf, size_t count)') as Fn,
  close: libc.func('int close(int fd)') as Fn,
  dup: libc.func('int dup(int fd)') as Fn,
  dup2: libc.func('int dup2(int oldfd, int newfd)') as Fn,
  poll: libc.func('int poll(void *fds, unsigned long nfds, int timeout)') as Fn,
  fstat: libc.func('int fstat(int fd, void *statbuf)') as Fn,
  stat: libc.func('int stat(const char *path, void *statbuf)') as Fn,
  lstat: libc.func('int lstat(const char *path, void *statbuf)') as Fn,
  usleep: libc.func('int usleep(uint32_t usec)') as Fn,
  nanosleep: libc.func('int nanosleep(const ipclab_timespec *req, _Out_ ipclab_timespec *rem)') as Fn,
  fcntl: libc.func('int fcntl(int fd, int cmd, ...)') as Fn,

  getpid: libc.func('int getpid()') as Fn,
  getppid: libc.func('int getppid()') as Fn,
  kill: libc.func('int kill(int pid, int sig)') as Fn,
  waitpid: libc.func('int waitpid(int pid, _Out_ int *status, int options)') as Fn,
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The variadic argument type of semctl(IPC_STAT); `unknown`, as koffi's marker type has no name a .d.ts could use. */
export const semidDsOut: unknown = koffi.out(koffi.pointer('ipclab_semid_ds'));
