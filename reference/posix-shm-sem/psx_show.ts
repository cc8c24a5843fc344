// psx_show <shm> — prints the 64-bit counter in the shared memory object.
import { fstatSync } from 'node:fs';
import { MAP_SHARED, O_RDONLY, PROT_READ, close, die, mmap, printErr, printOut, shm_open } from 'ipclab/ipc';

const COUNTER_SIZE = 8;

const args = process.argv.slice(2);
if (args.length !== 1) {
  printErr('usage: psx_show <shm>\n');
  process.exit(2);
}
const shmName = args[0]!;

try {
  const fd = shm_open(shmName, O_RDONLY);
  if (fstatSync(fd).size < COUNTER_SIZE) {
    printErr(`psx_show: ${shmName} is too small for a counter\n`);
    process.exit(1);
  }
  const m = mmap(COUNTER_SIZE, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  printOut(`${m.buf.readBigInt64LE(0)}\n`);
} catch (err) {
  die(err);
}
process.exit(0);
