// Syscall numbers a blocked IPC program is likely to sit in, by architecture, and the
// library-call names students know them by.
const X86_64: Record<number, string> = {
  0: 'read', 1: 'write', 2: 'open', 3: 'close', 7: 'poll', 17: 'pread64', 18: 'pwrite64', 19: 'readv',
  20: 'writev', 22: 'pipe', 23: 'select', 29: 'shmget', 30: 'shmat', 31: 'shmctl', 33: 'dup2', 34: 'pause',
  35: 'nanosleep', 42: 'connect', 43: 'accept', 44: 'sendto', 45: 'recvfrom', 46: 'sendmsg', 47: 'recvmsg',
  56: 'clone', 57: 'fork', 58: 'vfork', 59: 'execve', 61: 'wait4', 62: 'kill', 64: 'semget', 65: 'semop',
  66: 'semctl', 67: 'shmdt', 68: 'msgget', 69: 'msgsnd', 70: 'msgrcv', 71: 'msgctl', 72: 'fcntl', 73: 'flock',
  128: 'rt_sigtimedwait', 130: 'rt_sigsuspend', 202: 'futex', 220: 'semtimedop', 230: 'clock_nanosleep',
  231: 'exit_group', 232: 'epoll_wait', 240: 'mq_open', 242: 'mq_timedsend', 243: 'mq_timedreceive',
  247: 'waitid', 257: 'openat', 270: 'pselect6', 271: 'ppoll', 281: 'epoll_pwait', 293: 'pipe2',
  435: 'clone3', 449: 'futex_waitv',
};
const AARCH64: Record<number, string> = {
  22: 'epoll_pwait', 25: 'fcntl', 32: 'flock', 56: 'openat', 57: 'close', 59: 'pipe2', 63: 'read', 64: 'write',
  65: 'readv', 66: 'writev', 67: 'pread64', 68: 'pwrite64', 72: 'pselect6', 73: 'ppoll', 95: 'waitid',
  98: 'futex', 101: 'nanosleep', 115: 'clock_nanosleep', 133: 'rt_sigsuspend', 137: 'rt_sigtimedwait',
  180: 'mq_open', 182: 'mq_timedsend', 183: 'mq_timedreceive', 186: 'msgget', 187: 'msgctl', 188: 'msgrcv',
  189: 'msgsnd', 190: 'semget', 191: 'semctl', 192: 'semtimedop', 193: 'semop', 194: 'shmget', 195: 'shmctl',
  196: 'shmat', 197: 'shmdt', 202: 'accept', 203: 'connect', 206: 'sendto', 207: 'recvfrom', 211: 'sendmsg',
  212: 'recvmsg', 220: 'clone', 221: 'execve', 260: 'wait4', 435: 'clone3',
};

const TABLE = process.arch === 'arm64' ? AARCH64 : X86_64;

export function syscallName(nr: number): string {
  return TABLE[nr] ?? `syscall ${nr}`;
}

/** What a student calls it → the kernel entry points it may show as. */
const ALIASES: Record<string, string[]> = {
  semop: ['semop', 'semtimedop'],
  sem_wait: ['futex'],
  sem_timedwait: ['futex'],
  pthread_mutex_lock: ['futex'],
  mq_send: ['mq_timedsend'],
  mq_receive: ['mq_timedreceive'],
  sleep: ['nanosleep', 'clock_nanosleep'],
  usleep: ['nanosleep', 'clock_nanosleep'],
  open: ['open', 'openat'],
  wait: ['wait4', 'waitid'],
  waitpid: ['wait4', 'waitid'],
  pclose: ['wait4', 'waitid'],
  select: ['select', 'pselect6'],
  poll: ['poll', 'ppoll'],
  fgets: ['read'],
  fread: ['read'],
  getline: ['read'],
  fwrite: ['write'],
  printf: ['write'],
};

/** `wanted` may list alternatives: "open|read|poll" (a correct program may wait in any of them). */
export function callMatches(wanted: string, actual: string): boolean {
  return wanted.split('|').map((w) => w.trim()).some((w) => (ALIASES[w] ?? [w]).includes(actual) || w === actual);
}
