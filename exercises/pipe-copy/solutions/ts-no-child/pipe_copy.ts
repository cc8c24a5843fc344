// pipe_copy without the child: the parent copies its standard input to standard output itself; it
// never makes a pipe or spawns anything. The output is right, the mechanism is missing.
import { EPIPE, IpcError, printErr, readBlocking, writeAll } from 'ipclab/ipc';

const buf = Buffer.alloc(64 * 1024);
try {
  for (;;) {
    const n = readBlocking(0, buf);
    if (n === 0) break;
    writeAll(1, buf.subarray(0, n));
  }
} catch (err) {
  // Node ignores SIGPIPE: a write to a pipe nobody reads fails with EPIPE
  if (!(err instanceof IpcError && err.errno === EPIPE)) printErr(`${(err as Error).message}\n`);
  process.exit(1);
}
process.exit(0);
