// pager <pathname> — copies a file to the shell command line in $PAGER (default `more`) through a
// pipe, the way popen(cmd, "w") does, then waits for the pager (APUE Program 15.11).
//
// popen semantics without popen: a real pipe from pipe2(O_CLOEXEC); `/bin/sh -c <cmd>` spawned with
// the pipe's read end as its standard input and this program's own stdout and stderr; the read end
// closed here. The copy is synchronous and raw (read/write: any bytes, NUL included). Node ignores
// SIGPIPE, so a pager that quits early shows as EPIPE: the copy stops and the pager's status decides.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { EPIPE, IpcError, O_CLOEXEC, O_RDONLY, close, die, open, pipe2, printErr, readBlocking, strerror, usage, writeAll } from 'ipclab/ipc';

const BUFSIZE = 64 * 1024;

const args = process.argv.slice(2);
if (args.length !== 1) usage('pager <pathname>');
const path = args[0]!;

let fd: number;
try {
  fd = open(path, O_RDONLY | O_CLOEXEC);
} catch (err) {
  if (err instanceof IpcError) {
    printErr(`can't open ${path}: ${strerror(err.errno)}\n`);
    process.exit(1);
  }
  die(err);
}

const pager = process.env.PAGER ? process.env.PAGER : 'more';
let fds: [number, number];
try {
  fds = pipe2(O_CLOEXEC);
} catch (err) {
  die(err);
}
const [readFd, writeFd] = fds;
const proc = spawn('/bin/sh', ['-c', pager], { stdio: [readFd, 'inherit', 'inherit'] });
proc.on('error', (err) => {
  printErr(`popen: ${err.message}\n`);
  process.exit(1);
});

let failed = false;
try {
  close(readFd);
  // spawn() has forked and exec'd already (or failed, reported by the 'error' event above)
  if (proc.pid !== undefined) {
    const buf = Buffer.alloc(BUFSIZE);
    for (;;) {
      const n = readBlocking(fd, buf);
      if (n === 0) break;
      try {
        writeAll(writeFd, buf.subarray(0, n));
      } catch (err) {
        if (err instanceof IpcError && err.errno === EPIPE) break; // the pager has gone: its status says how
        throw err;
      }
    }
  }
} catch (err) {
  printErr(`${err instanceof Error ? err.message : String(err)}\n`);
  failed = true;
}
for (const end of [fd, writeFd]) {
  // closing the write end is the pager's end of file
  try {
    close(end);
  } catch (err) {
    printErr(`${(err as Error).message}\n`);
    failed = true;
  }
}

proc.on('exit', (code, signal) => {
  // pclose: the pager has been reaped (Node waits for it before emitting 'exit')
  const status = signal !== null ? 128 + (constants.signals[signal] ?? 0) : code ?? 0;
  if (status === 0) process.exit(failed ? 1 : 0);
  printErr(`pager exited with status ${status}\n`);
  process.exit(1);
});
