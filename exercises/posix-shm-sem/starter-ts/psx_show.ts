// psx_show -- prints the shared counter.
//
// Usage: psx_show <shm>
//
// Prints the 64-bit counter in the shared memory object as a decimal
// number on a line of its own.
// Exit 0; 1 after a perror-style line (no object: "shm_open: No such file
// or directory"); 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('psx_show <shm>');

// TODO: shm_open(shm, O_RDONLY); mmap(8, PROT_READ, MAP_SHARED, fd); print m.buf.readBigInt64LE(0).

printErr('psx_show: not implemented\n');
process.exit(1);
