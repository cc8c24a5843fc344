// pipeline — runs `cmd1 | cmd2` as a shell does.
//
// TypeScript cannot fork: one real pipe from pipe2(O_CLOEXEC) (Node's 'pipe' stdio would be a
// socket pair), each command spawned by name (found on PATH, as execlp would) with its end of the
// pipe as its standard output or input, both ends then closed here, so the commands hold only
// their fds 0, 1, 2. Exit with cmd2's status (128 + n for a signal), once both have been reaped.
import { spawn, type ChildProcess } from 'node:child_process';
import { O_CLOEXEC, SIGNALS, close, die, pipe2, printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('pipeline <cmd1> <cmd2>');
const [cmd1, cmd2] = args as [string, string];

let fds: [number, number];
try {
  fds = pipe2(O_CLOEXEC);
} catch (err) {
  die(err);
}
const [readFd, writeFd] = fds;

/** Exit status of a reaped child, as a shell reports it; 127 when it could not be run. */
type Ended = Promise<number>;
function run(cmd: string, stdio: Array<number | 'inherit'>): Ended {
  const proc: ChildProcess = spawn(cmd, [], { stdio });
  return new Promise((resolve) => {
    proc.on('error', (err: NodeJS.ErrnoException) => {
      // exec failed: Node reports it here (the child it forked is gone already)
      printErr(`pipeline: ${cmd}: ${err.code === 'ENOENT' ? 'No such file or directory' : err.message}\n`);
      resolve(127);
    });
    proc.on('exit', (code, signal) => {
      resolve(signal ? 128 + ((SIGNALS as Record<string, number>)[signal] ?? 0) : code ?? 1);
    });
  });
}

const first = run(cmd1, ['inherit', writeFd, 'inherit']);
const second = run(cmd2, [readFd, 'inherit', 'inherit']);
try {
  close(readFd);
  close(writeFd);
} catch (err) {
  die(err);
}
Promise.all([first, second]).then(([, status]) => process.exit(status));
