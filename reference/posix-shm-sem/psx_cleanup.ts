// psx_cleanup <shm> <sem> — unlinks the shared memory object and the named semaphore, trying both even
// when the first fails; exit 1 when either failed.
import { IpcError, printErr, sem_unlink, shm_unlink } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) {
  printErr('usage: psx_cleanup <shm> <sem>\n');
  process.exit(2);
}

let status = 0;
for (const remove of [() => shm_unlink(args[0]!), () => sem_unlink(args[1]!)]) {
  try {
    remove();
  } catch (err) {
    printErr(`${err instanceof IpcError ? err.message : String(err)}\n`);
    status = 1;
  }
}
process.exit(status);
