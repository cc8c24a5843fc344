// fifo_client -- ask the sequence-number server for <count> numbers.
//
// Usage: fifo_client <dir> <count>
//
// Make <dir>/client.<pid>.fifo, write the request "<pid> <count>\n" into
// <dir>/server.fifo with a single write, read the reply from your own FIFO,
// print the number, remove your FIFO, exit 0.  No server FIFO: a
// perror-style line on stderr, exit 1 (and no FIFO of yours left behind).
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('fifo_client <dir> <count>');

// TODO: mkfifo(`${dir}/client.${getpid()}.fifo`, 0o600).
//       Open `${dir}/server.fifo` O_WRONLY (no server: die(e) after removing your FIFO) and write
//       '<pid> <count>\n' in ONE write; then open your FIFO O_RDONLY, read the reply, print it,
//       unlinkSync your FIFO, exit 0.

printErr('fifo_client: not implemented\n');
process.exit(1);
