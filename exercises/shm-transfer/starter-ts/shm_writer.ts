// shm_writer -- copy stdin to shm_reader through System V shared memory.
//
// Usage: shm_writer <key>
//
// Creates a shared memory segment (a block and its length) and a set of two
// semaphores, both with <key>; prints "ready" (flushed); copies stdin through
// the segment block by block; ends with a block of length 0; waits until the
// reader has taken it; removes the segment and the set.  Exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('shm_writer <key>');

// TODO: shmget(key, 8 + BLOCK_SIZE, IPC_CREAT | IPC_EXCL | 0o600) and semget(key, 2, IPC_CREAT | IPC_EXCL
//       | 0o600); semctl(..., SETALL, [1, 0]) (EMPTY, FULL); seg = shmat(shmid); printOut('ready\n').
//       Per block: P(EMPTY); n = readBlocking(0, seg.buf.subarray(8, 8 + BLOCK_SIZE));
//       seg.buf.writeBigUInt64LE(BigInt(n), 0); V(FULL). After the block of length 0, P(EMPTY) once more,
//       then shmdt(seg) and remove both (IPC_RMID).

printErr('shm_writer: not implemented\n');
process.exit(1);
