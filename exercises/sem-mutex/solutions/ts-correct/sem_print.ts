// sem_print <key> <word>... — prints each word on a line of its own, `process <pid>: <word>`, one
// character at a time (each one written at once, $SEM_PRINT_DELAY_US microseconds apart, default
// 1000), holding the semaphore of sem_init's set around each line: P and V both with SEM_UNDO, so
// that the kernel gives the semaphore back if this process dies while holding it.
import { SEM_UNDO, UsageError, die, getpid, parseIntArg, parseKey, printOut, retryEintr, semget, semop, usage } from 'ipclab/ipc';

const USAGE = 'sem_print <key> <word>...';
const DEFAULT_DELAY_US = 1000;

const args = process.argv.slice(2);
if (args.length < 2) usage(USAGE);
let key: number;
let delayUs = DEFAULT_DELAY_US;
try {
  key = parseKey(args[0]!);
  const env = process.env.SEM_PRINT_DELAY_US;
  if (env !== undefined && env !== '') delayUs = parseIntArg(env, 'SEM_PRINT_DELAY_US', 0, 0xffff_ffff);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}

/** Sleeps the whole Node thread for `us` microseconds (nothing else runs here meanwhile). */
const pause = new Int32Array(new SharedArrayBuffer(4));
function sleepUs(us: number): void {
  if (us > 0) Atomics.wait(pause, 0, 0, us / 1000);
}

try {
  const semid = semget(key, 0, 0); // sem_init made it
  const prefix = `process ${getpid()}: `;
  for (const word of args.slice(1)) {
    const bytes = Buffer.from(word);
    retryEintr(() => semop(semid, { sem_num: 0, sem_op: -1, sem_flg: SEM_UNDO })); // P
    printOut(prefix);
    for (let i = 0; i < bytes.length; i++) {
      if (i > 0) sleepUs(delayUs);
      printOut(bytes.subarray(i, i + 1)); // one write(2) per character: nothing waits in a buffer
    }
    printOut('\n');
    retryEintr(() => semop(semid, { sem_num: 0, sem_op: 1, sem_flg: SEM_UNDO })); // V
  }
} catch (err) {
  die(err);
}
process.exit(0);
