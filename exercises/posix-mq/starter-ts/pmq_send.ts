// pmq_send -- sends one message to a POSIX message queue.
//
// Usage: pmq_send <name> <prio> <text>
//
// Opens the queue <name> for writing, creating it when missing (mode 0600,
// at most 10 messages of at most 256 bytes), and sends <text> (no NUL) with
// priority <prio>.  A full queue blocks the send until there is room.
// Exit 0; 1 after a perror-style line (a name without a leading '/':
// "mq_open: Invalid argument"); 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 3) usage('pmq_send <name> <prio> <text>');

// TODO: mqd = mq_open(name, O_WRONLY | O_CREAT, 0o600, { mq_maxmsg: 10, mq_msgsize: 256 });
//       mq_send(mqd, text, prio); mq_close(mqd).

printErr('pmq_send: not implemented\n');
process.exit(1);
