// shm_writer <key> — copies stdin to shm_reader through a System V shared memory segment.
//
// The segment holds one block and its length: a size_t length at offset 0, then BLOCK_SIZE bytes of
// data. A set of two semaphores with the same key passes turns: EMPTY (1: the writer may fill the
// block) and FULL (1: the reader may take it). The writer reads stdin straight into the segment, and
// ends with a block of length 0. Before it removes the segment and the set, it waits until the reader
// has taken that end block (one more P on EMPTY), so that the reader's last semop does not fail.
import {
  IPC_CREAT,
  IPC_EXCL,
  IPC_RMID,
  SETALL,
  UsageError,
  die,
  parseKey,
  printOut,
  readBlocking,
  retryEintr,
  semctl,
  semget,
  semop,
  shmat,
  shmctl,
  shmdt,
  shmget,
  usage,
  type Mapping,
} from 'ipclab/ipc';

const USAGE = 'shm_writer <key>';
const LEN_BYTES = 8; // size_t
const BLOCK_SIZE = 65536;
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

let shmid = -1;
let semid = -1;
let seg: Mapping | undefined;

/** Removes what this process made, quietly: the error being reported is the one that matters. */
function removeAll(): void {
  const quietly = (f: () => void) => {
    try {
      f();
    } catch {
      // already gone
    }
  };
  if (seg) quietly(() => shmdt(seg!));
  seg = undefined;
  if (shmid !== -1) quietly(() => shmctl(shmid, IPC_RMID));
  if (semid !== -1) quietly(() => semctl(semid, 0, IPC_RMID));
}

const P = (num: number) => retryEintr(() => semop(semid, { sem_num: num, sem_op: -1 }));
const V = (num: number) => retryEintr(() => semop(semid, { sem_num: num, sem_op: 1 }));

try {
  shmid = shmget(key, LEN_BYTES + BLOCK_SIZE, IPC_CREAT | IPC_EXCL | 0o600);
  semid = semget(key, 2, IPC_CREAT | IPC_EXCL | 0o600);
  semctl(semid, 0, SETALL, [1, 0]); // EMPTY 1, FULL 0
  seg = shmat(shmid);
  const data = seg.buf.subarray(LEN_BYTES, LEN_BYTES + BLOCK_SIZE);
  printOut('ready\n');

  for (;;) {
    P(SEM_EMPTY); // the reader has taken the previous block
    const n = readBlocking(0, data); // straight into the shared block
    seg.buf.writeBigUInt64LE(BigInt(n), 0); // 0: the end
    V(SEM_FULL);
    if (n === 0) break;
  }
  P(SEM_EMPTY); // the reader has taken the end block

  shmdt(seg);
  seg = undefined; // its buffer must not be touched any more
  shmctl(shmid, IPC_RMID);
  shmid = -1;
  semctl(semid, 0, IPC_RMID);
  semid = -1;
} catch (err) {
  removeAll();
  die(err);
}
process.exit(0);
