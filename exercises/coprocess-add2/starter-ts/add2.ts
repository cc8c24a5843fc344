// add2 -- a coprocess: for each line of stdin that starts with two integers, prints their sum
// (APUE Program 15.17).
//
// Usage: add2
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

if (process.argv.length !== 2) usage('add2');

// TODO: read fd 0 line by line (readBlocking): for a line that starts with two integers print
//       their sum and a newline, otherwise "invalid args" and a newline. Each reply goes out at
//       once (printOut writes fd 1 directly: the driver waits for it). At end of file: exit 0.

printErr('add2: not implemented\n');
process.exit(1);
