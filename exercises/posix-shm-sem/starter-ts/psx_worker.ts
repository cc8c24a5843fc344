// psx_worker -- adds 1 to the shared counter n times.
//
// Usage: psx_worker <shm> <sem> <n>
//
// Opens the existing shared memory object and semaphore (made by psx_init)
// and adds 1 to the 64-bit counter n times, each time inside
// sem_wait/sem_post.  Prints nothing.
// Exit 0; 1 after a perror-style line; 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 3) usage('psx_worker <shm> <sem> <n>');

// TODO: shm_open(shm, O_RDWR); fstat(fd).st_size must be 8; mmap(8, PROT_READ | PROT_WRITE, MAP_SHARED, fd).
//       s = sem_open(sem, 0); n times: sem_wait(s); counter (offset 0, readBigInt64LE) + 1; sem_post(s).

printErr('psx_worker: not implemented\n');
process.exit(1);
