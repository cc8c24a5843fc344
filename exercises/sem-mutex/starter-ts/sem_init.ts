// sem_init -- create a System V semaphore set of one semaphore and set it.
//
// Usage: sem_init <key> <value>
//
// Creates the set with semget(key, 1, IPC_CREAT | IPC_EXCL | 0600) -- so it
// fails when a set with that key exists -- and gives the semaphore its value
// with semctl(SETVAL).  Exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('sem_init <key> <value>');

// TODO: id = semget(parseKey(args[0]), 1, IPC_CREAT | IPC_EXCL | 0o600); semctl(id, 0, SETVAL, value).

printErr('sem_init: not implemented\n');
process.exit(1);
