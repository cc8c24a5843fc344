// region.ts -- the layout of a counter file and opening it, shared by counter and counter_show
// (import { openRegion } from './region.js'). Not a program: ipclab compiles it with them.
//
// C's `struct region { sem_t sem; int64_t count; uint32_t ready; }` on x86_64, 48 bytes:
//   sem    offset 0, 32 bytes  -- ptrAt(mapping, SEM_OFFSET) is its sem_t *
//   count  offset 32, 8 bytes  -- mapping.buf.readBigInt64LE(COUNT_OFFSET) / writeBigInt64LE
//   ready  offset 40, 4 bytes  -- READY_MAGIC once sem and count are set; store and load it with
//                                 Atomics.store / Atomics.load on a Uint32Array view, index 10
//
// Read README.md first ("Exactly one initialiser", "In TypeScript").
import { type Mapping, type SemPtr } from 'ipclab/ipc';

export const REGION_SIZE = 48;
export const SEM_OFFSET = 0;
export const COUNT_OFFSET = 32;
export const READY_OFFSET = 40;
export const READY_MAGIC = 0x52544e43; // "CNTR"

export interface Region {
  mapping: Mapping;
  /** The semaphore in the mapping, for sem_wait / sem_post. */
  sem: SemPtr;
}

/**
 * Opens (with `create`: creating and initialising when missing) and maps the counter file at
 * `path`, and waits until it is initialised. Throws an IpcError when a call fails.
 */
export function openRegion(path: string, create: boolean): Region {
  // TODO, with create:
  //   open(path, O_RDWR | O_CREAT | O_EXCL, 0o600). If it succeeds you are the initialiser:
  //   ftruncate(fd, REGION_SIZE); m = mmap(REGION_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
  //   sem_init(ptrAt(m, SEM_OFFSET), 1, 1); count 0; Atomics.store(words, READY_OFFSET / 4,
  //   READY_MAGIC) last. If it throws with e.errno === EEXIST, go on as below.
  // TODO, everyone else: open(path, O_RDWR); wait (nanosleep, a few seconds at most) until
  //   fstat(fd).st_size >= REGION_SIZE; mmap; wait until Atomics.load(words, READY_OFFSET / 4)
  //   is READY_MAGIC. Close fd once mapped.
  throw new Error(`region: openRegion(${path}, ${create}) is not implemented`);
}
