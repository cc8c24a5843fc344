// fifo_tee <fifo> — copies standard input to standard output and to the FIFO at <fifo>.
//
// The path must be a FIFO (S_ISFIFO): otherwise `<fifo>: not a FIFO`, exit 1. When the FIFO's reader
// goes away the write fails with EPIPE (Node ignores SIGPIPE): one warning
// `fifo_tee: reader closed <fifo>`, the FIFO is closed, and the copy to stdout goes on; exit 0.
import fs from 'node:fs';
import {
  EPIPE,
  IpcError,
  O_CLOEXEC,
  O_WRONLY,
  close,
  die,
  open,
  printErr,
  readBlocking,
  retryEintr,
  strerror,
  usage,
  writeAll,
} from 'ipclab/ipc';

const BUFSIZE = 64 * 1024;

const args = process.argv.slice(2);
if (args.length !== 1) usage('fifo_tee <fifo>');
const path = args[0]!;

let st: fs.Stats;
try {
  st = fs.statSync(path);
} catch (err) {
  const errno = -((err as NodeJS.ErrnoException).errno ?? 0);
  printErr(`stat: ${errno > 0 ? strerror(errno) : (err as Error).message}\n`);
  process.exit(1);
}
if (!st.isFIFO()) {
  printErr(`${path}: not a FIFO\n`);
  process.exit(1);
}

try {
  // A blocking open: it waits for the reader (this process has nothing else to do meanwhile).
  let fifo = retryEintr(() => open(path, O_WRONLY | O_CLOEXEC));
  const buf = Buffer.alloc(BUFSIZE);
  for (;;) {
    const n = readBlocking(0, buf);
    if (n === 0) break;
    const chunk = buf.subarray(0, n);
    writeAll(1, chunk);
    if (fifo !== -1) {
      try {
        writeAll(fifo, chunk);
      } catch (err) {
        if (!(err instanceof IpcError && err.errno === EPIPE)) throw err;
        printErr(`fifo_tee: reader closed ${path}\n`);
        close(fifo);
        fifo = -1;
      }
    }
  }
  if (fifo !== -1) close(fifo);
} catch (err) {
  die(err);
}
process.exit(0);
