// sem_rm <key> — removes the System V semaphore set that sem_init made.
import { IPC_RMID, UsageError, die, parseKey, semctl, semget, usage } from 'ipclab/ipc';

const USAGE = 'sem_rm <key>';

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
  const semid = semget(key, 0, 0);
  semctl(semid, 0, IPC_RMID);
} catch (err) {
  die(err);
}
process.exit(0);
