// Values the calls share: bytes, absolute times, struct ipc_perm, mappings of shared memory.

/** Bytes accepted where C takes `const void *buf, size_t len`; strings are sent as UTF-8. */
export type Bytes = Uint8Array | string;

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
