// pmq_send <name> <prio> <text> — sends one message to a POSIX message queue, creating the queue when
// it is missing (mode 0600, at most 10 messages of at most 256 bytes). The send blocks while the
// queue is full. A name without a leading `/` fails in mq_open (EINVAL, glibc's check).
import { O_CREAT, O_WRONLY, UsageError, die, mq_close, mq_open, mq_send, parseIntArg, printErr, retryEintr } from 'ipclab/ipc';

const USAGE = 'usage: pmq_send <name> <prio> <text>';
const MAXMSG = 10;
const MSGSIZE = 256;
const PRIO_MAX = 32767; // MQ_PRIO_MAX - 1 on Linux

const args = process.argv.slice(2);
if (args.length !== 3) usage();
let prio = 0;
try {
  prio = parseIntArg(args[1]!, 'prio', 0, PRIO_MAX);
} catch (err) {
  if (err instanceof UsageError) usage();
  throw err;
}

try {
  const q = mq_open(args[0]!, O_WRONLY | O_CREAT, 0o600, { mq_maxmsg: MAXMSG, mq_msgsize: MSGSIZE });
  // Blocking (no O_NONBLOCK): a full queue makes this wait for room, in mq_timedsend.
  retryEintr(() => mq_send(q, args[2]!, prio));
  mq_close(q);
} catch (err) {
  die(err);
}
process.exit(0);

function usage(): never {
  printErr(`${USAGE}\n`);
  process.exit(2);
}
