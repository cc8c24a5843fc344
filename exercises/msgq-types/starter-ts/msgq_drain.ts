// msgq_drain -- print the messages msgrcv() picks for a given msgtyp.
//
// Usage: msgq_drain <key> <msgtyp> [--rm]
//
// Receive with msgrcv(qid, &msg, size, msgtyp, IPC_NOWAIT) until no message
// matches, printing "<type> <text>" for each.  With --rm, then remove the
// queue.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length < 2 || args.length > 3) usage('msgq_drain <key> <msgtyp> [--rm]');

// TODO: msgrcv(qid, size, msgtyp, IPC_NOWAIT) until it throws ENOMSG, printing '<type> <text>';
//       with --rm, then msgctl(qid, IPC_RMID).

printErr('msgq_drain: not implemented\n');
process.exit(1);
