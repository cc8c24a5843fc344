// msgq_drain <key> <msgtyp> [--rm] — prints `<type> <text>` for every message that
// msgrcv(qid, ..., msgtyp, IPC_NOWAIT) returns, until none matches (ENOMSG); with --rm it then
// removes the queue.
//
// msgtyp 0 takes the messages in arrival order; msgtyp > 0 only that type; msgtyp < 0 the lowest
// type that is at most |msgtyp| first (first come, first served within a type).
import {
  ENOMSG,
  IPC_NOWAIT,
  IPC_RMID,
  IpcError,
  UsageError,
  die,
  msgctl,
  msgget,
  msgrcv,
  parseKey,
  printOut,
  retryEintr,
  usage,
} from 'ipclab/ipc';

const USAGE = 'msgq_drain <key> <msgtyp> [--rm]';
const MTEXT_MAX = 65536;

const args = process.argv.slice(2);
if (args.length < 2 || args.length > 3 || (args.length === 3 && args[2] !== '--rm')) usage(USAGE);
let key: number;
try {
  key = parseKey(args[0]!);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}
// A long, in decimal, with an optional minus sign (a JS number: at most 2^53 in size).
if (!/^-?[0-9]+$/.test(args[1]!)) usage(USAGE);
const msgtyp = Number(args[1]);
if (!Number.isSafeInteger(msgtyp)) usage(USAGE);
const remove = args.length === 3;

try {
  const qid = msgget(key, 0);
  const out: Buffer[] = [];
  for (;;) {
    let msg;
    try {
      msg = retryEintr(() => msgrcv(qid, MTEXT_MAX, msgtyp, IPC_NOWAIT));
    } catch (err) {
      if (err instanceof IpcError && err.errno === ENOMSG) break; // nothing (more) matches
      throw err;
    }
    // A sender may have sent a terminating NUL: drop it.
    const text = msg.data.length > 0 && msg.data[msg.data.length - 1] === 0 ? msg.data.subarray(0, -1) : msg.data;
    out.push(Buffer.from(`${msg.mtype} `), text, Buffer.from('\n'));
  }
  printOut(Buffer.concat(out));
  if (remove) msgctl(qid, IPC_RMID);
} catch (err) {
  die(err);
}
process.exit(0);
