// psx_cleanup -- removes the shared memory object and the semaphore.
//
// Usage: psx_cleanup <shm> <sem>
//
// Unlinks both names, trying both even when the first fails.
// Exit 0; 1 after a perror-style line if either failed; 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('psx_cleanup <shm> <sem>');

// TODO: shm_unlink(shm) and sem_unlink(sem), trying both; exit 1 if either threw.

printErr('psx_cleanup: not implemented\n');
process.exit(1);
