// The counter file shared by counter and counter_show: its layout, and opening it so that exactly one
// process initialises a new file.
//
// Layout (as C's `struct region { sem_t sem; int64_t count; uint32_t ready; }` on x86_64): the
// process-shared semaphore at 0 (32 bytes), the count at 32, `ready` at 40, 48 bytes in all. The
// process whose open(O_CREAT | O_EXCL) creates the file sizes it, sem_init()s the semaphore, zeroes
// the count and stores READY_MAGIC in `ready` last; everyone else waits until the file has its full
// size and `ready` is set, and never touches the region before.
import { fstatSync } from 'node:fs';
import {
  EEXIST,
  IpcError,
  MAP_SHARED,
  O_CREAT,
  O_EXCL,
  O_RDWR,
  PROT_READ,
  PROT_WRITE,
  close,
  ftruncate,
  mmap,
  open,
  ptrAt,
  sem_init,
  sleepSync,
  type Mapping,
  type SemPtr,
} from 'ipclab/ipc';

export const REGION_SIZE = 48;
const SEM_OFFSET = 0;
const COUNT_OFFSET = 32;
const READY_OFFSET = 40;
const READY_MAGIC = 0x52544e43; // "CNTR"
const POLL_MS = 0.1;
const POLL_MAX = 50_000; // about 5 s

export interface Region {
  mapping: Mapping;
  /** The semaphore (a sem_t * into the mapping). */
  sem: SemPtr;
  /** The mapping as 32-bit words: the count is words[8] (low) and words[9] (high). */
  words: Uint32Array;
}

/** Word index of the count's low half, in {@link Region.words}. */
export const COUNT_LO = COUNT_OFFSET / 4;
/** Word index of the count's high half. */
export const COUNT_HI = COUNT_LO + 1;
const READY = READY_OFFSET / 4;

function regionOf(mapping: Mapping): Region {
  const words = new Uint32Array(mapping.buf.buffer, mapping.buf.byteOffset, REGION_SIZE / 4);
  return { mapping, sem: ptrAt(mapping, SEM_OFFSET), words };
}

/** The count (below 2^53 in practice: exact as a Number). */
export function countOf(r: Region): number {
  return r.words[COUNT_HI]! * 0x1_0000_0000 + r.words[COUNT_LO]!;
}

/** Thrown when an existing file never becomes an initialised counter file. */
export class NotACounterFile extends Error {}

/**
 * Opens the counter file at `path` (with `create`: creating and initialising it when missing) and
 * maps it. Throws an IpcError for a failing call.
 */
export function openRegion(path: string, create: boolean): Region {
  if (create) {
    let fd = -1;
    try {
      fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0o600);
    } catch (err) {
      if (!(err instanceof IpcError && err.errno === EEXIST)) throw err;
    }
    if (fd !== -1) return initialise(fd);
  }
  return waitReady(open(path, O_RDWR), path);
}

/** The creator: size the file, set up the semaphore and the count, publish `ready` last. */
function initialise(fd: number): Region {
  ftruncate(fd, REGION_SIZE);
  const r = regionOf(mmap(REGION_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  close(fd);
  sem_init(r.sem, 1, 1);
  r.words[COUNT_LO] = 0;
  r.words[COUNT_HI] = 0;
  Atomics.store(r.words, READY, READY_MAGIC);
  return r;
}

/** Anyone else: wait for the creator to finish. */
function waitReady(fd: number, path: string): Region {
  let polls = 0;
  while (fstatSync(fd).size < REGION_SIZE) {
    if (++polls > POLL_MAX) throw new NotACounterFile(`${path}: not an initialised counter file`);
    sleepSync(POLL_MS);
  }
  const r = regionOf(mmap(REGION_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  close(fd);
  while (Atomics.load(r.words, READY) !== READY_MAGIC) {
    if (++polls > POLL_MAX) throw new NotACounterFile(`${path}: not an initialised counter file`);
    sleepSync(POLL_MS);
  }
  return r;
}
