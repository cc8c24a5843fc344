// psx_worker <shm> <sem> <n> — adds 1 to the 64-bit counter in the shared memory object n times, each
// time inside sem_wait/sem_post on the named semaphore (both made by psx_init).
//
// The loop is what a million increments cost through koffi: the semaphore pointer is obtained once,
// and the counter is updated through a Uint32Array view over the mapping (two 32-bit halves with a
// carry: no BigInt arithmetic).
import { fstatSync } from 'node:fs';
import {
  EINTR,
  IpcError,
  MAP_SHARED,
  O_RDWR,
  PROT_READ,
  PROT_WRITE,
  UsageError,
  close,
  die,
  mmap,
  parseIntArg,
  printErr,
  sem_close,
  sem_open,
  sem_post,
  sem_wait,
  shm_open,
} from 'ipclab/ipc';

const COUNTER_SIZE = 8;

const args = process.argv.slice(2);
if (args.length !== 3) usage();
let n = 0;
try {
  n = parseIntArg(args[2]!, 'n');
} catch (err) {
  if (err instanceof UsageError) usage();
  throw err;
}
const [shmName, semName] = args as [string, string, string];

try {
  const fd = shm_open(shmName, O_RDWR);
  if (fstatSync(fd).size < COUNTER_SIZE) {
    printErr(`psx_worker: ${shmName} is too small for a counter\n`);
    process.exit(1);
  }
  const m = mmap(COUNTER_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  const words = new Uint32Array(m.buf.buffer, m.buf.byteOffset, 2); // [low, high]
  const sem = sem_open(semName, 0);
  for (let i = 0; i < n; i++) {
    try {
      sem_wait(sem);
    } catch (err) {
      if (err instanceof IpcError && err.errno === EINTR) {
        i--; // interrupted before it got the semaphore: try this increment again
        continue;
      }
      throw err;
    }
    const lo = words[0]!;
    if (lo === 0xffff_ffff) {
      words[0] = 0;
      words[1] = words[1]! + 1;
    } else {
      words[0] = lo + 1;
    }
    sem_post(sem);
  }
  sem_close(sem);
} catch (err) {
  die(err);
}
process.exit(0);

function usage(): never {
  printErr('usage: psx_worker <shm> <sem> <n>\n');
  process.exit(2);
}
