// sem_rm -- remove the System V semaphore set made by sem_init.
//
// Usage: sem_rm <key>
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('sem_rm <key>');

// TODO: semctl(semget(parseKey(args[0]), 0, 0), 0, IPC_RMID).

printErr('sem_rm: not implemented\n');
process.exit(1);
