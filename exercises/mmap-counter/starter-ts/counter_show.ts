// counter_show -- prints the counter of a counter file.
//
// Usage: counter_show <file>
//
// The file must exist already (do not create it).  Print the count as a
// decimal number on a line of its own.  Exit 0; 1 after a perror-style line
// (no file: "open: No such file or directory"); 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';
import { openRegion } from './region.js';

const args = process.argv.slice(2);
if (args.length !== 1) usage('counter_show <file>');

// TODO: const r = openRegion(file, false): never create the file.
//       printOut(`${count}\n`) with the count at offset 32; a failing call: die(e).

printErr('counter_show: not implemented\n');
process.exit(1);
