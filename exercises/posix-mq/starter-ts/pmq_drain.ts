// pmq_drain -- empties a POSIX message queue, printing every message.
//
// Usage: pmq_drain <name> [--unlink]
//
// Opens the existing queue for reading, non-blocking, and receives until
// the queue is empty (EAGAIN), printing "<prio> <text>" for each message.
// With --unlink it then removes the queue's name.
// Exit 0; 1 after a perror-style line (no queue: "mq_open: No such file or
// directory"); 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length < 1 || args.length > 2) usage('pmq_drain <name> [--unlink]');

// TODO: mq_open(name, O_RDONLY | O_NONBLOCK); mq_receive until it throws EAGAIN, printing
//       '<prio> <text>'; with --unlink, mq_unlink(name).

printErr('pmq_drain: not implemented\n');
process.exit(1);
