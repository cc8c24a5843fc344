// fifo_client <dir> <count> — asks the sequence-number server for <count> numbers.
//
// Makes <dir>/client.<pid>.fifo, writes `<pid> <count>` into <dir>/server.fifo with a single
// write, reads the reply from its own FIFO (the blocking open waits for the server to open it for
// writing), prints the number, removes its FIFO, exits 0. No server FIFO: perror-style line, exit 1.
import fs from 'node:fs';
import {
  EINTR,
  IpcError,
  O_CLOEXEC,
  O_NONBLOCK,
  O_RDONLY,
  O_WRONLY,
  UsageError,
  close,
  die,
  getpid,
  mkfifo,
  open,
  parseIntArg,
  printErr,
  printOut,
  readBlocking,
  retryEintr,
  usage,
  writeAll,
} from 'ipclab/ipc';

const USAGE = 'fifo_client <dir> <count>';

const args = process.argv.slice(2);
if (args.length !== 2) usage(USAGE);
const dir = args[0]!;
let count: number;
try {
  count = parseIntArg(args[1]!, 'count', 0);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}

const pid = getpid();
const myPath = `${dir}/client.${pid}.fifo`;
let made = false;

function fail(err: unknown): never {
  if (made) fs.rmSync(myPath, { force: true });
  die(err);
}

try {
  // The server's FIFO first: no server, no FIFO of ours to clean up. O_NONBLOCK: a FIFO that
  // nobody reads (a dead server) gives ENXIO instead of a hang; writeAll waits if it is full.
  const sfd = open(`${dir}/server.fifo`, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  mkfifo(myPath, 0o600);
  made = true;
  // One write of a short line: atomic, never mixed with another client's request.
  writeAll(sfd, `${pid} ${count}\n`);
  close(sfd);

  // Blocks (this process has nothing else to do) until the server opens the FIFO for writing.
  const fd = retryEintr(() => open(myPath, O_RDONLY | O_CLOEXEC));
  const buf = Buffer.alloc(64);
  let got = 0;
  while (got < buf.length && buf.subarray(0, got).indexOf(0x0a) === -1) {
    let n: number;
    try {
      n = readBlocking(fd, buf.subarray(got));
    } catch (err) {
      if (err instanceof IpcError && err.errno === EINTR) continue;
      throw err;
    }
    if (n === 0) break;
    got += n;
  }
  close(fd);
  fs.rmSync(myPath, { force: true });
  made = false;
  const nl = buf.subarray(0, got).indexOf(0x0a);
  if (nl === -1) {
    printErr('fifo_client: no reply from the server\n');
    process.exit(1);
  }
  printOut(buf.subarray(0, nl + 1));
} catch (err) {
  fail(err);
}
process.exit(0);
