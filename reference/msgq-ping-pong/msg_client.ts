// msg_client <key> <text> — sends `<pid> <text>` (type 1) to the server's queue and prints the reply
// that comes back with its own pid as the message type.
import {
  MSG_NOERROR,
  MSGMAX_DEFAULT,
  UsageError,
  die,
  getpid,
  msgget,
  msgrcv,
  msgsnd,
  parseKey,
  printOut,
  retryEintr,
  stripNul,
  usage,
} from 'ipclab/ipc';

const USAGE = 'msg_client <key> <text>';
const REQUEST_TYPE = 1;

const args = process.argv.slice(2);
if (args.length !== 2) usage(USAGE);
let key: number;
try {
  key = parseKey(args[0]!);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}
const text = args[1]!;

try {
  const qid = msgget(key, 0); // no IPC_CREAT: the server owns the queue
  const pid = getpid();
  retryEintr(() => msgsnd(qid, REQUEST_TYPE, `${pid} ${text}`));
  const reply = retryEintr(() => msgrcv(qid, MSGMAX_DEFAULT, pid, MSG_NOERROR));
  printOut(Buffer.concat([stripNul(reply.data), Buffer.from('\n')]));
} catch (err) {
  die(err);
}
process.exit(0);
