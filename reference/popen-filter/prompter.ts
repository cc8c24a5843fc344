// prompter — prompts, and reads each answer through the filter `lower` (APUE Program 15.15).
//
// popen("lower", "r") without popen: a real pipe from pipe2(O_CLOEXEC), `/bin/sh -c lower` spawned
// with this program's own standard input and stderr and the pipe's write end as its standard output,
// and the write end closed here, so that end of file comes when lower exits. Loop: print `prompt> `
// (written at once), read one line from the pipe, print it. At end of file: a newline, close the
// pipe and wait for the shell (pclose), exit 0.
import { spawn } from 'node:child_process';
import { O_CLOEXEC, close, die, pipe2, printErr, printOut, readBlocking, usage } from 'ipclab/ipc';

const NEWLINE = 0x0a;

/** fgets over a descriptor: the next line with its newline, or the last unterminated piece; null at end of file. */
class LineReader {
  private pending = Buffer.alloc(0);
  private eof = false;
  private readonly chunk = Buffer.alloc(4096);

  constructor(private readonly fd: number) {}

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

if (process.argv.length !== 2) usage('prompter');

let fds: [number, number];
try {
  fds = pipe2(O_CLOEXEC);
} catch (err) {
  die(err);
}
const [readFd, writeFd] = fds;
const proc = spawn('/bin/sh', ['-c', 'lower'], { stdio: ['inherit', writeFd, 'inherit'] });
proc.on('error', (err) => {
  printErr(`popen: ${err.message}\n`);
  process.exit(1);
});

try {
  close(writeFd);
  // spawn() has forked and exec'd already (or failed, reported by the 'error' event above)
  if (proc.pid !== undefined) {
    const lines = new LineReader(readFd);
    for (;;) {
      printOut('prompt> ');
      const line = lines.next();
      if (line === null) break;
      printOut(line);
    }
    printOut('\n');
  }
  close(readFd);
} catch (err) {
  die(err);
}
// pclose: the shell has been reaped when Node emits 'exit'
proc.on('exit', () => process.exit(0));
