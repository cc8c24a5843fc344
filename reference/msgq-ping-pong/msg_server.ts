// msg_server <key> <nclients> — serves nclients requests on a System V message queue.
//
// A request is a type-1 message `<client-pid> <text>`; the reply, of type <client-pid>, holds
// `I received: <text>`. After the last reply the queue is removed only once every reply has been
// taken (msg_qnum is 0), so that no client still waiting in msgrcv fails with EIDRM.
import {
  IPC_CREAT,
  IPC_RMID,
  IPC_STAT,
  MSGMAX_DEFAULT,
  MSG_NOERROR,
  UsageError,
  die,
  msgctl,
  msgget,
  msgrcv,
  msgsnd,
  parseIntArg,
  parseKey,
  printOut,
  retryEintr,
  sleepSync,
  stripNul,
  usage,
} from 'ipclab/ipc';

const USAGE = 'msg_server <key> <nclients>';
const REQUEST_TYPE = 1;

const args = process.argv.slice(2);
if (args.length !== 2) usage(USAGE);
let key: number;
let nclients: number;
try {
  key = parseKey(args[0]!);
  nclients = parseIntArg(args[1]!, 'nclients', 1);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}

try {
  const qid = msgget(key, IPC_CREAT | 0o600);
  printOut('ready\n');

  let served = 0;
  while (served < nclients) {
    const msg = retryEintr(() => msgrcv(qid, MSGMAX_DEFAULT, REQUEST_TYPE, MSG_NOERROR));
    const body = stripNul(msg.data);
    const space = body.indexOf(0x20);
    const pidText = (space === -1 ? body : body.subarray(0, space)).toString('latin1');
    const text = space === -1 ? Buffer.alloc(0) : body.subarray(space + 1);
    const pid = /^[0-9]+$/.test(pidText) ? Number(pidText) : 0;
    if (!(pid > 0 && pid <= 0x7fffffff)) continue; // not a request anyone can be answered for
    printOut(Buffer.concat([Buffer.from(`server: ${pid} `), text, Buffer.from('\n')]));
    // The reply is cut to what the kernel accepts by default (a text near the limit would not fit).
    const reply = Buffer.concat([Buffer.from('I received: '), text]).subarray(0, MSGMAX_DEFAULT);
    retryEintr(() => msgsnd(qid, pid, reply));
    served += 1;
  }

  while (msgctl(qid, IPC_STAT).msg_qnum > 0) sleepSync(1);
  msgctl(qid, IPC_RMID);
} catch (err) {
  die(err);
}
process.exit(0);
