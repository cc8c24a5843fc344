// counter -- adds 1 to the counter in a shared file mapping, n times.
//
// Usage: counter <file> <n>
//
// Opens the file, creating and initialising it when missing (region_open in
// region.c), and adds 1 to the 64-bit count n times, each time inside
// sem_wait/sem_post on the process-shared semaphore stored in the file.
// Exit 0; 1 after a perror-style line; 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';
import { openRegion } from './region.js';

const args = process.argv.slice(2);
if (args.length !== 2) usage('counter <file> <n>');

// TODO: const r = openRegion(file, true) (region.ts); n = parseIntArg(args[1], 'n').
//       n times: sem_wait(r.sem); count + 1 (offset 32, see region.ts); sem_post(r.sem).
//       Exit 0; a failing call: die(e).

printErr('counter: not implemented\n');
process.exit(1);
