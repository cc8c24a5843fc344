// driver — drives the coprocess add2 through two pipes (APUE Program 15.18).
//
// TypeScript cannot fork: two real pipes from pipe2(O_CLOEXEC), and `add2` spawned by name (found
// on PATH, as execlp would) with the first pipe's read end as its standard input and the second's
// write end as its standard output; the driver then closes those two ends, so add2 holds only its
// fds 0 and 1 of them. For each line of standard input: write it to add2, read add2's one-line
// reply, print it, and only then read on. At end of file: close add2's input, wait for it, exit 0
// (1 if add2 did not exit 0). Node ignores SIGPIPE, so a write after add2 left fails with EPIPE.
import { spawn, type ChildProcess } from 'node:child_process';
import { EPIPE, IpcError, O_CLOEXEC, close, die, pipe2, printErr, printOut, readBlocking, usage, writeAll } from 'ipclab/ipc';

const NEWLINE = 0x0a;

/** fgets over a descriptor: the next line with its newline, or the last unterminated piece; null at end of file. */
class LineReader {
  private pending = Buffer.alloc(0);
  private eof = false;
  private readonly chunk: Buffer;

  /** `chunk` bytes per read: 1 for add2's pipe, so that nothing past the reply is taken. */
  constructor(private readonly fd: number, chunk = 4096) {
    this.chunk = Buffer.alloc(chunk);
  }

  next(): Buffer | null {
    for (;;) {
      const nl = this.pending.indexOf(NEWLINE);
      if (nl >= 0) {
        const line = this.pending.subarray(0, nl + 1);
        this.pending = this.pending.subarray(nl + 1);
        return line;
      }
      if (this.eof) {
        if (this.pending.length === 0) return null;
        const last = this.pending;
        this.pending = Buffer.alloc(0);
        return last;
      }
      const n = readBlocking(this.fd, this.chunk);
      if (n === 0) this.eof = true;
      else this.pending = Buffer.concat([this.pending, this.chunk.subarray(0, n)]);
    }
  }
}

/** Closes the pipes (add2, if still there, sees end of file), waits for add2, exits with `code` (1 too if add2 failed). */
function finish(proc: ChildProcess, fds: number[], code: number): void {
  for (const fd of fds) {
    try {
      close(fd);
    } catch {
      // already closed
    }
  }
  // Node reaps its own children: 'exit' comes once add2 has been waited for
  if (proc.exitCode !== null || proc.signalCode !== null) process.exit(code || (proc.exitCode === 0 ? 0 : 1));
  proc.on('exit', (status) => process.exit(code || (status === 0 ? 0 : 1)));
}

if (process.argv.length !== 2) usage('driver');

let toAdd2: [number, number];
let fromAdd2: [number, number];
try {
  toAdd2 = pipe2(O_CLOEXEC);
  fromAdd2 = pipe2(O_CLOEXEC);
} catch (err) {
  die(err);
}
const proc = spawn('add2', [], { stdio: [toAdd2[0], fromAdd2[1], 'inherit'] });
proc.on('error', (err) => {
  printErr(`driver: exec add2: ${err.message}\n`);
  process.exit(1);
});

let code = 0;
try {
  close(toAdd2[0]);
  close(fromAdd2[1]);
  // spawn() has forked and exec'd already (or failed, reported by the 'error' event above)
  if (proc.pid !== undefined) {
    const input = new LineReader(0);
    const replies = new LineReader(fromAdd2[0], 1);
    for (let line = input.next(); line !== null; line = input.next()) {
      writeAll(toAdd2[1], line);
      const answer = replies.next();
      if (answer === null) {
        printErr('driver: add2 closed its pipe\n');
        code = 1;
        break;
      }
      printOut(answer);
    }
  }
} catch (err) {
  const gone = err instanceof IpcError && err.errno === EPIPE;
  printErr(gone ? 'driver: add2 has gone (write: Broken pipe)\n' : `driver: ${(err as Error).message}\n`);
  code = 1;
}
finish(proc, [toAdd2[1], fromAdd2[0]], code);
