/**
 * ipclab/ipc — typed bindings to the IPC calls of glibc (libc.so.6), over koffi.
 *
 * This is the module ipclab's TypeScript references (and TypeScript submissions) import as
 * `ipclab/ipc`. It targets Linux x86_64 with glibc: struct layouts and constants below are the ones
 * of that platform.
 *
 * Rules every binding follows:
 * - A failing call throws an {@link IpcError} whose `call` names the C function, `errno` is the
 *   number and `code` its symbolic name; its message reads like perror(3):
 *   `msgget: No such file or directory`. errno is read immediately after the call.
 * - Every call is synchronous: a blocking call (msgrcv, semop, sem_wait, mq_receive, read on an
 *   empty pipe, ...) blocks the whole Node thread, timers and events included. That is fine in a
 *   program that does nothing else meanwhile; never call one from a process that must stay responsive.
 * - EINTR is reported, not retried (as in C). {@link retryEintr} retries a call when that is wanted.
 * - Sizes come from the buffers passed in: a binding never lets C read or write past a JS buffer.
 * - Views on shared memory ({@link Mapping.buf}) must not be touched after munmap/shmdt: the
 *   process dies with SIGSEGV.
 * - Descriptors made here (pipe2, memfd_create, shm_open, open) are inherited by a spawned child
 *   unless they carry O_CLOEXEC / MFD_CLOEXEC, exactly as after fork+exec in C.
 */
import koffi, { type TypeObject } from 'koffi';

// ---------------------------------------------------------------------------------------------
// Constants (Linux x86_64, glibc 2.36)
// ---------------------------------------------------------------------------------------------

/** System V IPC flags and commands (<sys/ipc.h>). */
export const IPC_PRIVATE = 0;
export const IPC_CREAT = 0o1000;
export const IPC_EXCL = 0o2000;
export const IPC_NOWAIT = 0o4000;
export const IPC_RMID = 0;
export const IPC_SET = 1;
export const IPC_STAT = 2;
export const IPC_INFO = 3;

/** Message queues (<sys/msg.h>). */
export const MSG_NOERROR = 0o10000;
export const MSG_EXCEPT = 0o20000;
/** Largest message text the kernel accepts by default (/proc/sys/kernel/msgmax). */
export const MSGMAX_DEFAULT = 8192;

/** Semaphore sets (<sys/sem.h>). */
export const SEM_UNDO = 0x1000;
export const GETPID = 11;
export const GETVAL = 12;
export const GETALL = 13;
export const GETNCNT = 14;
export const GETZCNT = 15;
export const SETVAL = 16;
export const SETALL = 17;

/** Shared memory segments (<sys/shm.h>). */
export const SHM_RDONLY = 0o10000;
export const SHM_RND = 0o20000;
export const SHM_LOCK = 11;
export const SHM_UNLOCK = 12;

/** open(2) flags (<fcntl.h>). */
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_NOCTTY = 0o400;
export const O_TRUNC = 0o1000;
export const O_APPEND = 0o2000;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;

/** fcntl(2) commands and flags. */
export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const FD_CLOEXEC = 1;

/** mmap(2) (<sys/mman.h>). */
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
/** What mmap and shmat return on failure: (void *) -1. */
export const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

/** memfd_create(2). */
export const MFD_CLOEXEC = 1;
export const MFD_ALLOW_SEALING = 2;

/** poll(2). */
export const POLLIN = 0x001;
export const POLLPRI = 0x002;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;

/** waitpid(2) options. */
export const WNOHANG = 1;
export const WUNTRACED = 2;
export const WCONTINUED = 8;

/** Size of a sem_t (for sem_init in shared memory). */
export const SEM_T_SIZE = 32;

/** errno values (Linux). {@link errnoName} maps any errno to its name. */
export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const E2BIG = 7;
export const EBADF = 9;
export const ECHILD = 10;
export const EAGAIN = 11;
export const EWOULDBLOCK = EAGAIN;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const ENFILE = 23;
export const EMFILE = 24;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const EPIPE = 32;
export const ERANGE = 34;
export const ENAMETOOLONG = 36;
export const ENOSYS = 38;
export const ENOMSG = 42;
export const EIDRM = 43;
export const EOVERFLOW = 75;
export const EMSGSIZE = 90;
export const ETIMEDOUT = 110;

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** A failed system call: `call` is the C function, `errno`/`code` what it failed with. */
export class IpcError extends Error {
  readonly call: string;
  readonly errno: number;
  readonly code: string;

  constructor(call: string, errno: number) {
    super(`${call}: ${strerror(errno)}`);
    this.name = 'IpcError';
    this.call = call;
    this.errno = errno;
    this.code = errnoName(errno);
  }
}

/** Wrong usage of a program (a bad argument); programs turn it into exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

// ---------------------------------------------------------------------------------------------
// koffi types and functions: defined once per process
// ---------------------------------------------------------------------------------------------

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
const c = {
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
  fcntl: libc.func('int fcntl(int fd, int cmd, ...)') as Fn,

  getpid: libc.func('int getpid()') as Fn,
  getppid: libc.func('int getppid()') as Fn,
  kill: libc.func('int kill(int pid, int sig)') as Fn,
  waitpid: libc.func('int waitpid(int pid, _Out_ int *status, int options)') as Fn,
};
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The variadic argument type of semctl(IPC_STAT). */
const semidDsOut = koffi.out(koffi.pointer('ipclab_semid_ds'));

/** Throws the IpcError for `call`, reading errno first (before anything can change it). */
function fail(call: string): never {
  const e = koffi.errno();
  throw new IpcError(call, e);
}

/** Returns `r` unless it is -1 (the failure value of most calls), then throws. */
function check(call: string, r: number): number {
  if (r === -1) fail(call);
  return r;
}

// ---------------------------------------------------------------------------------------------
// errno helpers
// ---------------------------------------------------------------------------------------------

const errnoNames = new Map<number, string>();
for (const [name, value] of Object.entries(koffi.os.errno)) {
  // Names come in alphabetical order: EAGAIN before EWOULDBLOCK, EDEADLK before EDEADLOCK.
  if (!errnoNames.has(value)) errnoNames.set(value, name);
}

/** The symbolic name of an errno value (`2` → `'ENOENT'`), or `E<n>` for an unknown one. */
export function errnoName(errno: number): string {
  return errnoNames.get(errno) ?? `E${errno}`;
}

/** strerror(3): the system's message for an errno value. */
export function strerror(errno: number): string {
  return (c.strerror(errno) as string | null) ?? `Unknown error ${errno}`;
}

/** Runs `fn` again as long as it throws an IpcError with EINTR (a signal interrupted it). */
export function retryEintr<T>(fn: () => T): T {
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof IpcError && e.errno === EINTR)) throw e;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shared types
// ---------------------------------------------------------------------------------------------

/** Bytes accepted where C takes `const void *buf, size_t len`; strings are sent as UTF-8. */
export type Bytes = Uint8Array | string;

function toBuffer(data: Bytes): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** An absolute CLOCK_REALTIME time, as struct timespec. */
export interface Timespec {
  tv_sec: number;
  tv_nsec: number;
}

/** The absolute time `ms` milliseconds from now, for the timed calls (mq_timedsend, sem_timedwait). */
export function deadlineAfter(ms: number): Timespec {
  const t = Date.now() + ms;
  return { tv_sec: Math.floor(t / 1000), tv_nsec: Math.floor(t % 1000) * 1_000_000 };
}

/** struct ipc_perm. */
export interface IpcPerm {
  __key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  mode: number;
  __seq: number;
}

/** A mapping of shared memory (mmap or shmat): its address, length and a Buffer over it. */
export interface Mapping {
  /** The address, for munmap/shmdt and for pointers into the mapping (see {@link ptrAt}). */
  readonly addr: bigint;
  readonly length: number;
  /** Reads and writes go straight to the shared memory. Never touch it after munmap/shmdt. */
  readonly buf: Buffer;
}

/** A pointer `offset` bytes into a mapping (e.g. for sem_init on a sem_t stored in it). */
export function ptrAt(m: Mapping, offset: number): bigint {
  if (!Number.isInteger(offset) || offset < 0 || offset >= m.length) {
    throw new RangeError(`offset ${offset} outside a mapping of ${m.length} bytes`);
  }
  return m.addr + BigInt(offset);
}

function mappingOf(addr: bigint, length: number): Mapping {
  const buf = length > 0 ? Buffer.from(koffi.view(addr, length)) : Buffer.alloc(0);
  return { addr, length, buf };
}

/** Drops the padding and reserved fields koffi decodes (`__pad*`, `__unused*`), recursively. */
function tidy<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) {
    if (/^__(pad|unused)/.test(k)) delete (o as Record<string, unknown>)[k];
    else if (v !== null && typeof v === 'object') tidy(v as object);
  }
  return o;
}

function addrOf(m: Mapping | bigint): bigint {
  return typeof m === 'bigint' ? m : m.addr;
}

// ---------------------------------------------------------------------------------------------
// System V message queues
// ---------------------------------------------------------------------------------------------

/** struct msqid_ds (what IPC_STAT gives). */
export interface MsqidDs {
  msg_perm: IpcPerm;
  msg_stime: number;
  msg_rtime: number;
  msg_ctime: number;
  msg_cbytes: number;
  msg_qnum: number;
  msg_qbytes: number;
  msg_lspid: number;
  msg_lrpid: number;
}

/** A received System V message. */
export interface Message {
  mtype: number;
  /** The message text, exactly as sent (a terminating NUL, if the sender sent one, included). */
  data: Buffer;
}

/** msgget(2): the queue id for `key` (a key_t bit pattern, see {@link parseKey}). */
export function msgget(key: number, msgflg: number): number {
  return check('msgget', c.msgget(key, msgflg));
}

/** msgsnd(2): sends `data` as a message of type `mtype` (> 0). */
export function msgsnd(msqid: number, mtype: number, data: Bytes, msgflg = 0): void {
  const text = toBuffer(data);
  const msg = Buffer.alloc(8 + text.length);
  msg.writeBigInt64LE(BigInt(mtype), 0);
  text.copy(msg, 8);
  check('msgsnd', c.msgsnd(msqid, msg, text.length, msgflg));
}

/** msgrcv(2): receives a message of at most `maxsize` bytes of text, chosen by `msgtyp`. */
export function msgrcv(msqid: number, maxsize: number, msgtyp: number, msgflg = 0): Message {
  const msg = Buffer.alloc(8 + maxsize);
  const n = check('msgrcv', Number(c.msgrcv(msqid, msg, maxsize, msgtyp, msgflg)));
  return { mtype: Number(msg.readBigInt64LE(0)), data: Buffer.from(msg.subarray(8, 8 + n)) };
}

/** msgctl(2) with IPC_STAT (returns the queue's msqid_ds) or IPC_RMID. */
export function msgctl(msqid: number, cmd: typeof IPC_STAT): MsqidDs;
export function msgctl(msqid: number, cmd: typeof IPC_RMID): void;
export function msgctl(msqid: number, cmd: number): MsqidDs | undefined;
export function msgctl(msqid: number, cmd: number): MsqidDs | undefined {
  if (cmd === IPC_STAT) {
    const ds = {} as MsqidDs;
    check('msgctl', c.msgctlStat(msqid, cmd, ds));
    return tidy(ds);
  }
  if (cmd === IPC_RMID) {
    check('msgctl', c.msgctlPtr(msqid, cmd, null));
    return undefined;
  }
  throw new RangeError(`msgctl: command ${cmd} is not supported by these bindings`);
}

// ---------------------------------------------------------------------------------------------
// System V semaphores
// ---------------------------------------------------------------------------------------------

/** struct sembuf. */
export interface SemBuf {
  sem_num: number;
  sem_op: number;
  sem_flg?: number;
}

/** struct semid_ds (what IPC_STAT gives). */
export interface SemidDs {
  sem_perm: IpcPerm;
  sem_otime: number;
  sem_ctime: number;
  sem_nsems: number;
}

function sembufs(ops: SemBuf | readonly SemBuf[]): SemBuf[] {
  const list = Array.isArray(ops) ? ops : [ops as SemBuf];
  return list.map((o) => ({ sem_num: o.sem_num, sem_op: o.sem_op, sem_flg: o.sem_flg ?? 0 }));
}

/** semget(2): the id of a set of `nsems` semaphores for `key`. */
export function semget(key: number, nsems: number, semflg: number): number {
  return check('semget', c.semget(key, nsems, semflg));
}

/** semop(2): performs the operations atomically (e.g. `{sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO}`). */
export function semop(semid: number, ops: SemBuf | readonly SemBuf[]): void {
  const list = sembufs(ops);
  check('semop', c.semop(semid, list, list.length));
}

/** semtimedop(2): semop with a relative timeout (fails with EAGAIN when it expires). */
export function semtimedop(semid: number, ops: SemBuf | readonly SemBuf[], timeoutMs: number): void {
  const list = sembufs(ops);
  const ts = { tv_sec: Math.floor(timeoutMs / 1000), tv_nsec: Math.floor(timeoutMs % 1000) * 1_000_000 };
  check('semtimedop', c.semtimedop(semid, list, list.length, ts));
}

/**
 * semctl(2). Supported commands: GETVAL, GETPID, GETNCNT, GETZCNT (return a number), SETVAL (arg:
 * the value), GETALL (returns every value), SETALL (arg: every value), IPC_STAT (returns the
 * semid_ds), IPC_RMID.
 */
export function semctl(semid: number, semnum: number, cmd: typeof GETVAL | typeof GETPID | typeof GETNCNT | typeof GETZCNT): number;
export function semctl(semid: number, semnum: number, cmd: typeof SETVAL, value: number): void;
export function semctl(semid: number, semnum: number, cmd: typeof GETALL): number[];
export function semctl(semid: number, semnum: number, cmd: typeof SETALL, values: readonly number[]): void;
export function semctl(semid: number, semnum: number, cmd: typeof IPC_STAT): SemidDs;
export function semctl(semid: number, semnum: number, cmd: typeof IPC_RMID): void;
export function semctl(
  semid: number,
  semnum: number,
  cmd: number,
  arg?: number | readonly number[],
): number | number[] | SemidDs | undefined;
export function semctl(
  semid: number,
  semnum: number,
  cmd: number,
  arg?: number | readonly number[],
): number | number[] | SemidDs | undefined {
  switch (cmd) {
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
      return check('semctl', c.semctl(semid, semnum, cmd));
    case SETVAL:
      if (typeof arg !== 'number') throw new TypeError('semctl SETVAL needs a value');
      check('semctl', c.semctl(semid, semnum, cmd, 'int', arg));
      return undefined;
    case IPC_RMID:
      check('semctl', c.semctl(semid, semnum, cmd));
      return undefined;
    case IPC_STAT: {
      const ds = {} as SemidDs;
      check('semctl', c.semctl(semid, semnum, cmd, semidDsOut, ds));
      return tidy(ds);
    }
    case GETALL: {
      const n = semctl(semid, 0, IPC_STAT).sem_nsems;
      const values = new Uint16Array(n);
      check('semctl', c.semctl(semid, semnum, cmd, 'void *', values));
      return Array.from(values);
    }
    case SETALL: {
      if (!Array.isArray(arg)) throw new TypeError('semctl SETALL needs an array of values');
      const n = semctl(semid, 0, IPC_STAT).sem_nsems;
      if (arg.length !== n) throw new RangeError(`semctl SETALL needs ${n} values, got ${arg.length}`);
      check('semctl', c.semctl(semid, semnum, cmd, 'void *', Uint16Array.from(arg)));
      return undefined;
    }
    default:
      throw new RangeError(`semctl: command ${cmd} is not supported by these bindings`);
  }
}

// ---------------------------------------------------------------------------------------------
// System V shared memory
// ---------------------------------------------------------------------------------------------

/** struct shmid_ds (what IPC_STAT gives). */
export interface ShmidDs {
  shm_perm: IpcPerm;
  shm_segsz: number;
  shm_atime: number;
  shm_dtime: number;
  shm_ctime: number;
  shm_cpid: number;
  shm_lpid: number;
  shm_nattch: number;
}

/** shmget(2): the id of a segment of `size` bytes for `key`. */
export function shmget(key: number, size: number, shmflg: number): number {
  return check('shmget', c.shmget(key, size, shmflg));
}

/** shmctl(2) with IPC_STAT (returns the shmid_ds), IPC_RMID, SHM_LOCK or SHM_UNLOCK. */
export function shmctl(shmid: number, cmd: typeof IPC_STAT): ShmidDs;
export function shmctl(shmid: number, cmd: typeof IPC_RMID | typeof SHM_LOCK | typeof SHM_UNLOCK): void;
export function shmctl(shmid: number, cmd: number): ShmidDs | undefined;
export function shmctl(shmid: number, cmd: number): ShmidDs | undefined {
  if (cmd === IPC_STAT) {
    const ds = {} as ShmidDs;
    check('shmctl', c.shmctlStat(shmid, cmd, ds));
    return tidy(ds);
  }
  if (cmd === IPC_RMID || cmd === SHM_LOCK || cmd === SHM_UNLOCK) {
    check('shmctl', c.shmctlPtr(shmid, cmd, null));
    return undefined;
  }
  throw new RangeError(`shmctl: command ${cmd} is not supported by these bindings`);
}

/** shmat(2): attaches the whole segment (at an address the kernel chooses). */
export function shmat(shmid: number, shmflg = 0): Mapping {
  const size = shmctl(shmid, IPC_STAT).shm_segsz;
  const addr = c.shmat(shmid, null, shmflg) as bigint | null;
  if (addr === null || addr === MAP_FAILED) fail('shmat');
  return mappingOf(addr, size);
}

/** shmdt(2): detaches a segment attached with shmat. Its buffer must not be used afterwards. */
export function shmdt(m: Mapping | bigint): void {
  check('shmdt', c.shmdt(addrOf(m)));
}

// ---------------------------------------------------------------------------------------------
// POSIX message queues
// ---------------------------------------------------------------------------------------------

/** struct mq_attr. */
export interface MqAttr {
  mq_flags: number;
  mq_maxmsg: number;
  mq_msgsize: number;
  mq_curmsgs: number;
}

/** A received POSIX message and its priority. */
export interface MqMessage {
  data: Buffer;
  prio: number;
}

/**
 * mq_open(3): opens (with O_CREAT: creates) the queue `name` (`/name`). `mode` and `attr` are used
 * only with O_CREAT; without `attr` the system defaults apply.
 */
export function mq_open(
  name: string,
  oflag: number,
  mode = 0o600,
  attr?: { mq_maxmsg: number; mq_msgsize: number },
): number {
  let r: number;
  if (oflag & O_CREAT) {
    const a = attr ? { mq_flags: 0, mq_maxmsg: attr.mq_maxmsg, mq_msgsize: attr.mq_msgsize, mq_curmsgs: 0 } : null;
    r = c.mq_open(name, oflag, 'uint32_t', mode, 'ipclab_mq_attr *', a);
  } else {
    r = c.mq_open(name, oflag);
  }
  return check('mq_open', r);
}

/** mq_send(3). */
export function mq_send(mqd: number, data: Bytes, prio = 0): void {
  const b = toBuffer(data);
  check('mq_send', c.mq_send(mqd, b, b.length, prio));
}

/** mq_timedsend(3): fails with ETIMEDOUT if the queue stays full until `abs` (see {@link deadlineAfter}). */
export function mq_timedsend(mqd: number, data: Bytes, prio: number, abs: Timespec): void {
  const b = toBuffer(data);
  check('mq_timedsend', c.mq_timedsend(mqd, b, b.length, prio, abs));
}

/** mq_getattr(3). */
export function mq_getattr(mqd: number): MqAttr {
  const a = {} as MqAttr;
  check('mq_getattr', c.mq_getattr(mqd, a));
  return tidy(a);
}

/** mq_receive(3): the oldest message of the highest priority. `size` defaults to the queue's mq_msgsize. */
export function mq_receive(mqd: number, size?: number): MqMessage {
  const len = size ?? mq_getattr(mqd).mq_msgsize;
  const buf = Buffer.alloc(len);
  const prio = [0];
  const n = check('mq_receive', Number(c.mq_receive(mqd, buf, len, prio)));
  return { data: buf.subarray(0, n), prio: prio[0]! };
}

/** mq_timedreceive(3): fails with ETIMEDOUT if the queue stays empty until `abs`. */
export function mq_timedreceive(mqd: number, abs: Timespec, size?: number): MqMessage {
  const len = size ?? mq_getattr(mqd).mq_msgsize;
  const buf = Buffer.alloc(len);
  const prio = [0];
  const n = check('mq_timedreceive', Number(c.mq_timedreceive(mqd, buf, len, prio, abs)));
  return { data: buf.subarray(0, n), prio: prio[0]! };
}

/** mq_close(3). */
export function mq_close(mqd: number): void {
  check('mq_close', c.mq_close(mqd));
}

/** mq_unlink(3). */
export function mq_unlink(name: string): void {
  check('mq_unlink', c.mq_unlink(name));
}

// ---------------------------------------------------------------------------------------------
// POSIX semaphores (a sem_t * is a bigint address)
// ---------------------------------------------------------------------------------------------

/** A sem_t *: from sem_open, or {@link ptrAt} into shared memory for sem_init. */
export type SemPtr = bigint;

/** sem_open(3): opens (with O_CREAT: creates with `mode` and initial `value`) the semaphore `name`. */
export function sem_open(name: string, oflag: number, mode = 0o600, value = 0): SemPtr {
  const r = (oflag & O_CREAT
    ? c.sem_open(name, oflag, 'uint32_t', mode, 'uint32_t', value)
    : c.sem_open(name, oflag)) as bigint | null;
  if (r === null || r === 0n) fail('sem_open'); // SEM_FAILED is NULL in glibc
  return r;
}

/** sem_close(3). */
export function sem_close(sem: SemPtr): void {
  check('sem_close', c.sem_close(sem));
}

/** sem_unlink(3). */
export function sem_unlink(name: string): void {
  check('sem_unlink', c.sem_unlink(name));
}

/** sem_wait(3): P. */
export function sem_wait(sem: SemPtr): void {
  check('sem_wait', c.sem_wait(sem));
}

/** sem_trywait(3): P without blocking (fails with EAGAIN). */
export function sem_trywait(sem: SemPtr): void {
  check('sem_trywait', c.sem_trywait(sem));
}

/** sem_timedwait(3): P, failing with ETIMEDOUT at `abs`. */
export function sem_timedwait(sem: SemPtr, abs: Timespec): void {
  check('sem_timedwait', c.sem_timedwait(sem, abs));
}

/** sem_post(3): V. */
export function sem_post(sem: SemPtr): void {
  check('sem_post', c.sem_post(sem));
}

/** sem_init(3): an unnamed semaphore at `sem` (pshared 1: in memory shared between processes). */
export function sem_init(sem: SemPtr, pshared: number, value: number): void {
  check('sem_init', c.sem_init(sem, pshared, value));
}

/** sem_destroy(3). */
export function sem_destroy(sem: SemPtr): void {
  check('sem_destroy', c.sem_destroy(sem));
}

/** sem_getvalue(3). */
export function sem_getvalue(sem: SemPtr): number {
  const v = [0];
  check('sem_getvalue', c.sem_getvalue(sem, v));
  return v[0]!;
}

// ---------------------------------------------------------------------------------------------
// POSIX shared memory, mmap, files
// ---------------------------------------------------------------------------------------------

/** shm_open(3): a descriptor for the shared memory object `name`. */
export function shm_open(name: string, oflag: number, mode = 0o600): number {
  return check('shm_open', c.shm_open(name, oflag, mode));
}

/** shm_unlink(3). */
export function shm_unlink(name: string): void {
  check('shm_unlink', c.shm_unlink(name));
}

/** open(2). */
export function open(path: string, flags: number, mode = 0o600): number {
  return check('open', c.open(path, flags, 'uint32_t', mode));
}

/** ftruncate(2). */
export function ftruncate(fd: number, length: number): void {
  check('ftruncate', c.ftruncate(fd, length));
}

/** mmap(2) with a kernel-chosen address; fd -1 with MAP_ANONYMOUS. */
export function mmap(length: number, prot: number, flags: number, fd = -1, offset = 0): Mapping {
  const addr = c.mmap(null, length, prot, flags, fd, offset) as bigint | null;
  if (addr === null || addr === MAP_FAILED) fail('mmap');
  return mappingOf(addr, length);
}

/** munmap(2). With a bigint address, `length` is required. The buffer must not be used afterwards. */
export function munmap(m: Mapping | bigint, length?: number): void {
  const len = typeof m === 'bigint' ? length : (length ?? m.length);
  if (len === undefined) throw new TypeError('munmap needs a length with a bare address');
  check('munmap', c.munmap(addrOf(m), len));
}

/** memfd_create(2): an anonymous file living in memory. */
export function memfd_create(name: string, flags = 0): number {
  return check('memfd_create', c.memfd_create(name, flags));
}

/** mkfifo(3). */
export function mkfifo(path: string, mode = 0o600): void {
  check('mkfifo', c.mkfifo(path, mode));
}

/** ftok(3): a key from an existing path and a non-zero project id. */
export function ftok(path: string, projId: number): number {
  return check('ftok', c.ftok(path, projId));
}

// ---------------------------------------------------------------------------------------------
// Descriptors and processes
// ---------------------------------------------------------------------------------------------

/**
 * pipe2(2): a real pipe, as `[readFd, writeFd]`. Pass O_CLOEXEC so that the ends do not leak into
 * children spawned later (a leaked write end keeps a reader from ever seeing end of file).
 */
export function pipe2(flags = 0): [number, number] {
  const fds = [-1, -1];
  check('pipe2', c.pipe2(fds, flags));
  return [fds[0]!, fds[1]!];
}

/** read(2): reads at most `count` bytes into `buf`; 0 at end of file. */
export function read(fd: number, buf: Uint8Array, count: number = buf.byteLength): number {
  if (count < 0 || count > buf.byteLength) throw new RangeError(`read: count ${count} exceeds the buffer`);
  return check('read', Number(c.read(fd, buf, count)));
}

/** write(2): one write; it may write less than asked. See {@link writeAll}. */
export function write(fd: number, data: Bytes, count?: number): number {
  const b = toBuffer(data);
  const n = count ?? b.length;
  if (n < 0 || n > b.length) throw new RangeError(`write: count ${n} exceeds the buffer`);
  return check('write', Number(c.write(fd, b, n)));
}

/**
 * Writes all of `data`: goes on after partial writes, retries after EINTR and waits with poll when
 * the descriptor is non-blocking and full (EAGAIN). Other errors (EPIPE, ...) throw.
 */
export function writeAll(fd: number, data: Bytes): void {
  const b = toBuffer(data);
  let off = 0;
  while (off < b.length) {
    try {
      off += write(fd, b.subarray(off));
    } catch (e) {
      if (e instanceof IpcError && e.errno === EINTR) continue;
      if (e instanceof IpcError && e.errno === EAGAIN) {
        pollFd(fd, POLLOUT, -1);
        continue;
      }
      throw e;
    }
  }
}

/**
 * Reads into `buf` like read(2), but retries after EINTR and, when the descriptor is non-blocking and
 * empty (EAGAIN), waits with poll: the blocking read a copy loop wants whatever the fd's flags.
 */
export function readBlocking(fd: number, buf: Uint8Array, count: number = buf.byteLength): number {
  for (;;) {
    try {
      return read(fd, buf, count);
    } catch (e) {
      if (e instanceof IpcError && e.errno === EINTR) continue;
      if (e instanceof IpcError && e.errno === EAGAIN) {
        pollFd(fd, POLLIN, -1);
        continue;
      }
      throw e;
    }
  }
}

/** poll(2) on one descriptor: the revents (0 on timeout). timeoutMs -1 waits forever. */
export function pollFd(fd: number, events: number, timeoutMs: number): number {
  const pfd = Buffer.alloc(8);
  pfd.writeInt32LE(fd, 0);
  pfd.writeInt16LE(events, 4);
  for (;;) {
    try {
      const n = check('poll', c.poll(pfd, 1, timeoutMs));
      return n === 0 ? 0 : pfd.readUInt16LE(6);
    } catch (e) {
      if (!(e instanceof IpcError && e.errno === EINTR)) throw e;
    }
  }
}

/** fcntl(2) with F_GETFD, F_SETFD, F_GETFL or F_SETFL (e.g. to set O_NONBLOCK on one end of a pipe). */
export function fcntl(fd: number, cmd: number, arg?: number): number {
  if (cmd === F_GETFD || cmd === F_GETFL) return check('fcntl', c.fcntl(fd, cmd));
  if (cmd === F_SETFD || cmd === F_SETFL) return check('fcntl', c.fcntl(fd, cmd, 'int', arg ?? 0));
  throw new RangeError(`fcntl: command ${cmd} is not supported by these bindings`);
}

/** close(2). */
export function close(fd: number): void {
  check('close', c.close(fd));
}

/** dup(2). */
export function dup(fd: number): number {
  return check('dup', c.dup(fd));
}

/** dup2(2). */
export function dup2(oldfd: number, newfd: number): number {
  return check('dup2', c.dup2(oldfd, newfd));
}

/** getpid(2): the pid this process has in its own PID namespace. */
export function getpid(): number {
  return c.getpid() as number;
}

/** getppid(2). */
export function getppid(): number {
  return c.getppid() as number;
}

/** kill(2). `sig` is a number or a name such as 'SIGTERM'. */
export function kill(pid: number, sig: number | NodeJS.Signals): void {
  const n = typeof sig === 'number' ? sig : signalNumber(sig);
  check('kill', c.kill(pid, n));
}

function signalNumber(name: NodeJS.Signals): number {
  const n = (SIGNALS as Record<string, number | undefined>)[name];
  if (n === undefined) throw new RangeError(`unknown signal ${name}`);
  return n;
}

/** Linux signal numbers. */
export const SIGNALS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
} as const;

/**
 * waitpid(2): `{pid, status}` (pid 0 with WNOHANG when nothing changed). Only for children that
 * Node's child_process does not manage (it reaps its own children itself).
 */
export function waitpid(pid: number, options = 0): { pid: number; status: number } {
  const st = [0];
  const r = check('waitpid', c.waitpid(pid, st, options));
  return { pid: r, status: st[0]! };
}

export const WIFEXITED = (status: number): boolean => (status & 0x7f) === 0;
export const WEXITSTATUS = (status: number): number => (status >> 8) & 0xff;
export const WIFSIGNALED = (status: number): boolean => (status & 0x7f) !== 0 && (status & 0x7f) !== 0x7f;
export const WTERMSIG = (status: number): number => status & 0x7f;

// ---------------------------------------------------------------------------------------------
// Program helpers: arguments, output, exit
// ---------------------------------------------------------------------------------------------

/**
 * A System V key from the command line, by the catalogue's rule: an unsigned 32-bit value from 1 to
 * 0xffffffff, in decimal (leading zeros allowed: `010` is ten) or `0x` hex. Returns the key_t bit
 * pattern as a signed 32-bit number (`4294967295` → -1). Throws a UsageError otherwise (0 is
 * IPC_PRIVATE, which is wrong usage).
 */
export function parseKey(text: string): number {
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = Number.parseInt(text.slice(2), 16);
  else if (/^[0-9]+$/.test(text)) value = Number.parseInt(text, 10);
  else throw new UsageError(`bad key '${text}'`);
  if (!(value >= 1 && value <= 0xffff_ffff)) throw new UsageError(`key '${text}' out of range`);
  return value | 0;
}

/** A decimal integer argument from `min` to `max` (no sign, no spaces); a UsageError otherwise. */
export function parseIntArg(text: string, what: string, min = 0, max = 0x7fff_ffff): number {
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`bad ${what} '${text}'`);
  const value = Number.parseInt(text, 10);
  if (!(value >= min && value <= max)) throw new UsageError(`${what} '${text}' out of range`);
  return value;
}

/** The text of a received message: cut at its first NUL, if any (senders may send one or not). */
export function stripNul(data: Buffer): Buffer {
  const i = data.indexOf(0);
  return i === -1 ? data : data.subarray(0, i);
}

/** Writes to standard output at once (unbuffered: no Node stream), all of it. */
export function printOut(data: Bytes): void {
  writeAll(1, data);
}

/** Writes to standard error at once, all of it. */
export function printErr(data: Bytes): void {
  writeAll(2, data);
}

function bestEffortErr(line: string): void {
  try {
    writeAll(2, line);
  } catch {
    // Nothing more can be said when stderr itself is gone.
  }
}

/** Prints `usage: <line>` on stderr and exits with status 2. */
export function usage(line: string): never {
  bestEffortErr(line.startsWith('usage:') ? `${line}\n` : `usage: ${line}\n`);
  process.exit(2);
}

/**
 * Ends the program after an error: an IpcError prints its perror-style line
 * (`msgget: No such file or directory`) and exits 1; a UsageError prints `usage: <message>` and exits
 * 2; anything else prints its message and exits 1.
 */
export function die(err: unknown): never {
  if (err instanceof UsageError) usage(err.message);
  const line = err instanceof IpcError ? err.message : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  bestEffortErr(`${line}\n`);
  process.exit(1);
}

/** Sleeps synchronously (the event loop waits too). */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
