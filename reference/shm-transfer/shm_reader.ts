// shm_reader <key> — writes to stdout what shm_writer passes through the shared memory segment with
// the same key, block by block, until the block of length 0; each block taken (the end block too) is
// acknowledged with a V on EMPTY. Layout and semaphores: see shm_writer.ts.
import {
  UsageError,
  die,
  parseKey,
  printOut,
  retryEintr,
  semget,
  semop,
  shmat,
  shmdt,
  shmget,
  usage,
} from 'ipclab/ipc';

const USAGE = 'shm_reader <key>';
const LEN_BYTES = 8; // size_t
const SEM_EMPTY = 0;
const SEM_FULL = 1;

const args = process.argv.slice(2);
if (args.length !== 1) usage(USAGE);
let key: number;
try {
  key = parseKey(args[0]!);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}

try {
  const shmid = shmget(key, 0, 0); // the writer made both
  const semid = semget(key, 0, 0);
  const seg = shmat(shmid);
  const capacity = seg.length - LEN_BYTES;
  for (;;) {
    retryEintr(() => semop(semid, { sem_num: SEM_FULL, sem_op: -1 }));
    const len = Number(seg.buf.readBigUInt64LE(0));
    if (len > capacity) throw new Error(`bad block length ${len}`);
    if (len > 0) printOut(seg.buf.subarray(LEN_BYTES, LEN_BYTES + len)); // from shared memory to stdout
    retryEintr(() => semop(semid, { sem_num: SEM_EMPTY, sem_op: 1 })); // taken
    if (len === 0) break;
  }
  shmdt(seg); // seg.buf is not touched after this
} catch (err) {
  die(err);
}
process.exit(0);
