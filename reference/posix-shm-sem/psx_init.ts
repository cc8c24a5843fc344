// psx_init <shm> <sem> — creates the POSIX shared memory object (O_CREAT | O_EXCL, mode 0600, sized for
// one 64-bit counter, zero) and the named semaphore (O_CREAT | O_EXCL, value 1). An existing object
// is an error that touches nothing; a shared memory object made by this run is removed again when the
// semaphore cannot be created.
import {
  MAP_SHARED,
  O_CREAT,
  O_EXCL,
  O_RDWR,
  PROT_READ,
  PROT_WRITE,
  close,
  die,
  ftruncate,
  mmap,
  munmap,
  printErr,
  sem_close,
  sem_open,
  shm_open,
  shm_unlink,
} from 'ipclab/ipc';

const COUNTER_SIZE = 8;

const args = process.argv.slice(2);
if (args.length !== 2) {
  printErr('usage: psx_init <shm> <sem>\n');
  process.exit(2);
}
const [shmName, semName] = args as [string, string];

let fd: number;
try {
  fd = shm_open(shmName, O_RDWR | O_CREAT | O_EXCL, 0o600); // EEXIST: somebody else's, leave it
} catch (err) {
  die(err);
}
try {
  ftruncate(fd, COUNTER_SIZE);
  const m = mmap(COUNTER_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  m.buf.fill(0); // ftruncate zeroed it already; say so
  munmap(m);
  close(fd);
  sem_close(sem_open(semName, O_CREAT | O_EXCL, 0o600, 1));
} catch (err) {
  try {
    shm_unlink(shmName);
  } catch {
    // reported below: the first failure is the one that matters
  }
  die(err);
}
process.exit(0);
