// sem_init <key> <value> — creates a System V set of one semaphore (IPC_CREAT | IPC_EXCL | 0600) and
// sets it with SETVAL. A set that exists already is a runtime failure (semget: File exists, exit 1).
import { IPC_CREAT, IPC_EXCL, IPC_RMID, SETVAL, UsageError, die, parseIntArg, parseKey, semctl, semget, usage } from 'ipclab/ipc';

const USAGE = 'sem_init <key> <value>';
const SEMVMX = 32767; // the largest value a System V semaphore holds

const args = process.argv.slice(2);
if (args.length !== 2) usage(USAGE);
let key: number;
let value: number;
try {
  key = parseKey(args[0]!);
  value = parseIntArg(args[1]!, 'value', 0, SEMVMX);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}

let semid = -1;
try {
  semid = semget(key, 1, IPC_CREAT | IPC_EXCL | 0o600);
  semctl(semid, 0, SETVAL, value);
} catch (err) {
  if (semid !== -1) {
    try {
      semctl(semid, 0, IPC_RMID); // leave nothing half made
    } catch {
      // the error that matters is reported below
    }
  }
  die(err);
}
process.exit(0);
