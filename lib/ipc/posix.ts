// POSIX IPC: message queues, named and unnamed semaphores, shared memory objects, and mmap.
import { MAP_FAILED, O_CREAT } from './constants.js';
import { addrOf, check, fail, mappingOf, tidy, toBuffer } from './call.js';
import { c } from './ffi.js';
import type { Bytes, Mapping, Timespec } from './types.js';

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
// POSIX shared memory and mmap
// ---------------------------------------------------------------------------------------------

/** shm_open(3): a descriptor for the shared memory object `name`. */
export function shm_open(name: string, oflag: number, mode = 0o600): number {
  return check('shm_open', c.shm_open(name, oflag, mode));
}

/** shm_unlink(3). */
export function shm_unlink(name: string): void {
  check('shm_unlink', c.shm_unlink(name));
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
