// psx_init -- creates the shared counter and the semaphore guarding it.
//
// Usage: psx_init <shm> <sem>
//
// Creates the POSIX shared memory object <shm> (O_CREAT | O_EXCL, mode
// 0600), sized for one 64-bit counter (zero), and the named semaphore <sem>
// (O_CREAT | O_EXCL, mode 0600, value 1).
// Exit 0; 1 after a perror-style line (an object exists already:
// "shm_open: File exists"); 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('psx_init <shm> <sem>');

// TODO: shm_open(shm, O_RDWR | O_CREAT | O_EXCL, 0o600); ftruncate(fd, 8) (one 64-bit counter);
//       sem_open(sem, O_CREAT | O_EXCL, 0o600, 1); on failure of the second, shm_unlink(shm) first.

printErr('psx_init: not implemented\n');
process.exit(1);
