// The numbers of Linux x86_64 with glibc 2.36, as its headers define them: IPC flags and commands,
// open/fcntl/mmap/poll/waitpid flags, errno values and signal numbers. Nothing here calls C.

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

/** Linux signal numbers. */
export const SIGNALS = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22,
} as const;
