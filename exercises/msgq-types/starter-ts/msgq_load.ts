// msgq_load -- load a System V message queue from standard input.
//
// Usage: msgq_load <key> < lines
//
// Every stdin line is "<type> <text>": a positive decimal type, ONE space,
// then the text -- the rest of the line, possibly empty.  Check every line
// first: on the first malformed one print "bad line <n>" (lines count from
// 1) on stderr and exit 1, having sent nothing.  Then create the queue if
// needed and send one message per line, in order.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('msgq_load <key>');

// TODO: Read all of stdin (readBlocking on fd 0), check every line '<type> <text>' first ('bad line <n>'
//       on stderr, exit 1, nothing sent), then msgget(key, IPC_CREAT | 0o600) and msgsnd each line.

printErr('msgq_load: not implemented\n');
process.exit(1);
