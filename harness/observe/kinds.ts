// The names of the kernel objects an observation lists, as plain facts: the harness names an
// object with these; the sentences built around them are the grader's (grader/wording.ts).

export type SysvKind = 'msg' | 'sem' | 'shm';
export type PosixKind = 'mq' | 'sem' | 'shm';

export const SYSV_KIND_NAMES: Record<SysvKind, string> = { msg: 'message queue', sem: 'semaphore set', shm: 'shared memory segment' };
export const POSIX_KIND_NAMES: Record<PosixKind, string> = { mq: 'POSIX message queue', sem: 'POSIX named semaphore', shm: 'POSIX shared memory object' };
