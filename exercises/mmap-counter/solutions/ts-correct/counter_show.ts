// counter_show <file> — prints the count of an existing counter file (see region.ts), read under its
// semaphore.
import { die, printErr, printOut, retryEintr, sem_post, sem_wait } from 'ipclab/ipc';
import { NotACounterFile, countOf, openRegion } from './region.js';

const args = process.argv.slice(2);
if (args.length !== 1) {
  printErr('usage: counter_show <file>\n');
  process.exit(2);
}

try {
  const r = openRegion(args[0]!, false);
  retryEintr(() => sem_wait(r.sem));
  const value = countOf(r);
  sem_post(r.sem);
  printOut(`${value}\n`);
} catch (err) {
  if (err instanceof NotACounterFile) {
    printErr(`${err.message}\n`);
    process.exit(1);
  }
  die(err);
}
process.exit(0);
