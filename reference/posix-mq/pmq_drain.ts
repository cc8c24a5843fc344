// pmq_drain <name> [--unlink] — opens an existing POSIX message queue non-blocking and receives until
// EAGAIN, printing `<prio> <text>` for each message (highest priority first, sending order within
// a priority: the queue's own order). With --unlink it then removes the name.
import {
  EAGAIN,
  EINTR,
  IpcError,
  O_NONBLOCK,
  O_RDONLY,
  die,
  mq_close,
  mq_getattr,
  mq_open,
  mq_receive,
  mq_unlink,
  printErr,
  printOut,
} from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length < 1 || args.length > 2 || (args.length === 2 && args[1] !== '--unlink')) {
  printErr('usage: pmq_drain <name> [--unlink]\n');
  process.exit(2);
}
const name = args[0]!;

try {
  const q = mq_open(name, O_RDONLY | O_NONBLOCK);
  const size = mq_getattr(q).mq_msgsize; // mq_receive needs a buffer this large
  for (;;) {
    let msg;
    try {
      msg = mq_receive(q, size);
    } catch (err) {
      if (err instanceof IpcError && err.errno === EAGAIN) break; // empty: done
      if (err instanceof IpcError && err.errno === EINTR) continue;
      throw err;
    }
    const text = msg.data.length > 0 && msg.data[msg.data.length - 1] === 0 ? msg.data.subarray(0, -1) : msg.data;
    printOut(Buffer.concat([Buffer.from(`${msg.prio} `), text, Buffer.from('\n')]));
  }
  mq_close(q);
  if (args[1] === '--unlink') mq_unlink(name);
} catch (err) {
  die(err);
}
process.exit(0);
