// fifo_server <dir> — hands out sequence numbers through FIFOs.
//
// Makes <dir>/server.fifo (0600), prints `ready`, and serves forever. A request is one line
// `<client-pid> <count>`; the reply, written into <dir>/client.<pid>.fifo, is the current sequence
// number (from 0) on one line, after which <count> is added to it. A vanished client does not stop
// the server: the client's FIFO is opened with O_NONBLOCK (ENXIO, "no reader yet", is retried every
// millisecond while the client process exists, 2 s at most) and Node ignores SIGPIPE. On SIGTERM or
// SIGINT the server removes server.fifo and exits 0.
//
// Node runs signal handlers only from its event loop, so the loop never blocks for long: it polls
// server.fifo for 50 ms at a time and yields to the event loop between polls.
import fs from 'node:fs';
import {
  EAGAIN,
  EINTR,
  EPERM,
  F_SETFL,
  IpcError,
  O_CLOEXEC,
  O_NONBLOCK,
  O_RDONLY,
  O_WRONLY,
  close,
  die,
  fcntl,
  kill,
  mkfifo,
  open,
  printErr,
  printOut,
  read,
  sleepSync,
  usage,
  writeAll,
} from 'ipclab/ipc';

const REPLY_TRIES = 2000; // 1 ms apart: 2 s at most

const args = process.argv.slice(2);
if (args.length !== 1) usage('fifo_server <dir>');
const dir = args[0]!;
const serverPath = `${dir}/server.fifo`;

let made = false;
let stopping = false;
const onSignal = () => {
  stopping = true;
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

function finish(code: number): never {
  if (made) {
    try {
      fs.unlinkSync(serverPath);
    } catch {
      // already gone
    }
  }
  process.exit(code);
}

function alive(pid: number): boolean {
  try {
    kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof IpcError && err.errno === EPERM;
  }
}

/** Writes `<seq>\n` into the client's FIFO; a vanished client is skipped. */
function reply(pid: number, seq: number): void {
  const path = `${dir}/client.${pid}.fifo`;
  let fd = -1;
  for (let tries = 0; fd === -1; tries++) {
    try {
      fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    } catch (err) {
      if (err instanceof IpcError && err.errno === EINTR) continue;
      // ENXIO: no reader yet. The client writes its request before it opens its FIFO.
      if (!(err instanceof IpcError && err.code === 'ENXIO') || !alive(pid) || tries >= REPLY_TRIES) {
        printErr(`fifo_server: client ${pid} is gone\n`);
        return;
      }
      sleepSync(1);
    }
  }
  try {
    writeAll(fd, `${seq}\n`);
  } catch {
    printErr(`fifo_server: client ${pid} is gone\n`); // EPIPE: it died after opening its FIFO
  }
  close(fd);
}

async function serve(rfd: number): Promise<never> {
  let seq = 0;
  let pending = Buffer.alloc(0);
  const buf = Buffer.alloc(4096);
  for (;;) {
    // the bug: a synchronous read() that blocks until a client writes; the SIGTERM/SIGINT
    // handlers above are installed, but Node runs them only when this loop gives way to it
    if (stopping) finish(0);
    let n: number;
    try {
      n = read(rfd, buf);
    } catch (err) {
      if (err instanceof IpcError && (err.errno === EAGAIN || err.errno === EINTR)) continue;
      throw err;
    }
    // One read may hold several requests, and a part of the next one.
    pending = Buffer.concat([pending, buf.subarray(0, n)]);
    let nl: number;
    while ((nl = pending.indexOf(0x0a)) !== -1) {
      const line = pending.subarray(0, nl).toString('latin1');
      pending = pending.subarray(nl + 1);
      const m = /^([0-9]+) ([0-9]+)$/.exec(line);
      const pid = m ? Number(m[1]) : 0;
      if (!m || !(pid > 0 && pid <= 0x7fffffff)) {
        printErr('fifo_server: ignoring a malformed request\n');
        continue;
      }
      reply(pid, seq);
      seq += Number(m[2]);
    }
    if (pending.length > 4096) pending = Buffer.alloc(0); // longer than any request: drop it
  }
}

try {
  mkfifo(serverPath, 0o600);
  made = true;
  // Read end without waiting for a writer; our own write end keeps read() from ever seeing end of
  // file between clients. The read end stays non-blocking: poll says when there is data.
  const rfd = open(serverPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  open(serverPath, O_WRONLY | O_CLOEXEC);
  fcntl(rfd, F_SETFL, O_RDONLY); // blocking reads from here on
  printOut('ready\n');
  serve(rfd).catch((err: unknown) => {
    if (made) fs.rmSync(serverPath, { force: true });
    die(err);
  });
} catch (err) {
  if (made) fs.rmSync(serverPath, { force: true });
  die(err);
}
