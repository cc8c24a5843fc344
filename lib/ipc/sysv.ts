// System V IPC: message queues, semaphore sets, shared memory segments, and ftok for their keys.
import { GETALL, GETNCNT, GETPID, GETVAL, GETZCNT, IPC_RMID, IPC_STAT, MAP_FAILED, SETALL, SETVAL, SHM_LOCK, SHM_UNLOCK } from './constants.js';
import { addrOf, check, fail, mappingOf, tidy, toBuffer } from './call.js';
import { c, semidDsOut } from './ffi.js';
import type { Bytes, IpcPerm, Mapping } from './types.js';

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
      check('semctl', c.semctl(semid, semnum, cmd, semidDsOut(), ds));
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

/** ftok(3): a key from an existing path and a non-zero project id. */
export function ftok(path: string, projId: number): number {
  return check('ftok', c.ftok(path, projId));
}
