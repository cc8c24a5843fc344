// pipe_copy — the parent copies its standard input into a pipe, the child copies the pipe to standard
// output (APUE Program 15.5).
//
// TypeScript cannot fork: the parent makes a real pipe with pipe2(), spawns this same script again
// with the marker argument `--child` and the pipe's read end as the child's standard input, and
// closes its own read end. Both ends carry O_CLOEXEC, so the child inherits only its fd 0: no stray
// write end keeps it from seeing end of file. The parent waits for the child before it exits.
import { spawn } from 'node:child_process';
import { EPIPE, IpcError, O_CLOEXEC, close, die, pipe2, printErr, readBlocking, usage, writeAll } from 'ipclab/ipc';

const CHILD_MARKER = '--child';
const BUFSIZE = 64 * 1024;

/** Copies `from` to `to` until end of file. */
function copy(from: number, to: number): void {
  const buf = Buffer.alloc(BUFSIZE);
  for (;;) {
    const n = readBlocking(from, buf);
    if (n === 0) return;
    writeAll(to, buf.subarray(0, n));
  }
}

/** The child: standard input (the pipe's read end) to standard output, byte for byte. */
function child(): void {
  try {
    copy(0, 1);
  } catch (err) {
    die(err);
  }
  process.exit(0);
}

/** The parent: standard input into the pipe, then wait for the child. */
function parent(): void {
  let fds: [number, number];
  try {
    fds = pipe2(O_CLOEXEC);
  } catch (err) {
    die(err);
  }
  const [readFd, writeFd] = fds;

  const script = process.argv[1];
  if (script === undefined) die(new Error('cannot tell which script to run as the child'));
  const proc = spawn(process.execPath, [...process.execArgv, script, CHILD_MARKER], {
    stdio: [readFd, 'inherit', 'inherit'],
  });

  let failed = false;
  try {
    close(readFd, "oops");
  } catch (err) {
    printErr(`${(err as Error).message}\n`);
    failed = true;
  }

  // spawn() has forked and exec'd already (or failed, reported by the 'error' event below). The
  // copy is synchronous: the exit of the child is noticed once the copy is over.
  if (proc.pid !== undefined) {
    try {
      copy(0, writeFd);
    } catch (err) {
      // EPIPE: the child is gone (it reports its own failure). Anything else is the parent's.
      if (!(err instanceof IpcError && err.errno === EPIPE)) {
        printErr(`${(err as Error).message}\n`);
        failed = true;
      }
    }
  }
  try {
    close(writeFd);
  } catch (err) {
    printErr(`${(err as Error).message}\n`);
    failed = true;
  }

  proc.on('error', (err) => {
    printErr(`spawn: ${err.message}\n`);
    process.exit(1);
  });
  proc.on('exit', (code) => {
    // The child has been reaped (Node waits for it before emitting 'exit').
    process.exit(!failed && code === 0 ? 0 : 1);
  });
}

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === CHILD_MARKER) child();
else if (args.length === 0) parent();
else usage('pipe_copy < input');
