// msg_client -- the client side of a System V message queue ping-pong.
//
// Usage: msg_client <key> <text>
//
// Opens the existing queue (without IPC_CREAT), sends the type-1 request
// "<pid> <text>", waits for the message whose type is its own pid, prints
// that message's text on a line of its own, exits 0.  No queue:
// "msgget: No such file or directory" on stderr, exit 1.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('msg_client <key> <text>');

// TODO: qid = msgget(parseKey(args[0]), 0) (no IPC_CREAT: a missing queue is die(e)).
//       msgsnd(qid, 1, `${getpid()} ${text}`); msgrcv(qid, size, getpid()); print its text and a newline.

printErr('msg_client: not implemented\n');
process.exit(1);
