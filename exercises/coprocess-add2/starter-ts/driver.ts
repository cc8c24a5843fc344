// driver -- drives the coprocess add2 through two pipes (APUE Program 15.18).
//
// Usage: driver
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

if (process.argv.length !== 2) usage('driver');

// TODO: TypeScript cannot fork: make two pipes with pipe2(O_CLOEXEC), spawn `add2` by name (found
//       on PATH) with the first pipe's read end as its stdin and the second's write end as its
//       stdout, and close those two ends here. For each line of stdin: write it to add2, read
//       add2's reply and print it. A write that fails with EPIPE (add2 is gone) or an early end of
//       file from add2 is an error (a line, exit 1). At end of stdin: close the write end, wait
//       for add2, exit 0.

printErr('driver: not implemented\n');
process.exit(1);
