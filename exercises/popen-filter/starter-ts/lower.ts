// lower -- a filter: copies stdin to stdout, turning upper-case ASCII
// letters into lower case (APUE Program 15.14).
//
// Usage: lower
//
// Flush the output after each newline.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 0) usage('lower');

// TODO: Copy fd 0 to fd 1, turning A-Z into a-z; write each line as soon as its newline has come.

printErr('lower: not implemented\n');
process.exit(1);
