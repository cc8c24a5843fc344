// msg_server -- the server side of a System V message queue ping-pong.
//
// Usage: msg_server <key> <nclients>
//
// Creates the queue (IPC_CREAT | 0600), prints "ready" (flushed), then
// serves <nclients> requests.  A request is a type-1 message
// "<client-pid> <text>"; for each one print "server: <client-pid> <text>"
// (flushed) and reply with a message of type <client-pid> holding
// "I received: <text>".  After the last reply, remove the queue -- but only
// once every reply has been taken (msg_qnum is 0).  Exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('msg_server <key> <nclients>');

// TODO: key = parseKey(args[0]); qid = msgget(key, IPC_CREAT | 0o600); printOut('ready\n').
//       nclients times: msgrcv(qid, size, 1) gives '<pid> <text>'; print 'server: <pid> <text>';
//       msgsnd(qid, pid, `I received: ${text}`).
//       Then poll msgctl(qid, IPC_STAT).msg_qnum until 0 (sleepSync(1) between), msgctl(qid, IPC_RMID).

printErr('msg_server: not implemented\n');
process.exit(1);
