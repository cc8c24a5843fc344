// shm_reader -- write to stdout what shm_writer passes through System V
// shared memory.
//
// Usage: shm_reader <key>
//
// Attaches to the existing segment and set; writes every block to stdout
// until the block of length 0; tells the writer it has taken each block
// (the end block too); detaches.  Exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('shm_reader <key>');

// TODO: shmget(key, 0, 0), semget(key, 0, 0), seg = shmat(shmid).
//       Per block: P(FULL); len = Number(seg.buf.readBigUInt64LE(0)); printOut(seg.buf.subarray(8, 8 + len));
//       V(EMPTY); stop after the block of length 0. shmdt(seg).

printErr('shm_reader: not implemented\n');
process.exit(1);
