// tellwait <n> — parent and child take turns printing lines, synchronised only through two pipes
// (APUE Program 15.7: TELL_WAIT, TELL_CHILD, WAIT_CHILD, TELL_PARENT, WAIT_PARENT).
//
// Line i (0 <= i < n) is `parent <i>` when i is even, printed by the parent, and `child <i>` when i
// is odd, printed by the child. Both write straight to the shared standard output (no buffering), so
// a line is out before the other process is told to go on.
//
// TypeScript cannot fork: the parent makes the two pipes with pipe2(O_CLOEXEC) and spawns this same
// script with the marker argument `--child`, handing it the parent-to-child read end as fd 3 and the
// child-to-parent write end as fd 4 (only descriptors named in `stdio` are inherited). The parent
// closes those two ends, so that each pipe has exactly one reader and one writer.
import { spawn } from 'node:child_process';
import { IpcError, O_CLOEXEC, UsageError, close, die, parseIntArg, pipe2, printErr, printOut, readBlocking, usage, writeAll } from 'ipclab/ipc';

const CHILD_MARKER = '--child';
const USAGE = 'tellwait <n>';
/** The child's descriptors: the read end of parent → child, the write end of child → parent. */
const CHILD_FROM_PARENT = 3;
const CHILD_TO_PARENT = 4;

/** TELL_x: one byte into the pipe. */
function tell(fd: number, byte: string): void {
  writeAll(fd, byte);
}

/** WAIT_x: one byte out of the pipe; end of file means the other process is gone. */
function waitFor(fd: number, byte: string): void {
  const buf = Buffer.alloc(1);
  const n = readBlocking(fd, buf);
  if (n === 0) throw new Error('read: end of file: the other process has gone');
  if (buf.toString('latin1') !== byte) throw new Error(`read: expected ${JSON.stringify(byte)}, got ${JSON.stringify(buf.toString('latin1'))}`);
}

function parseCount(text: string): number {
  try {
    return parseIntArg(text, 'count', 0, 1_000_000_000);
  } catch (err) {
    if (err instanceof UsageError) usage(USAGE);
    throw err;
  }
}

/** The child: the odd lines. */
function child(n: number): never {
  try {
    for (let i = 1; i < n; i += 2) {
      waitFor(CHILD_FROM_PARENT, 'p'); // WAIT_PARENT
      printOut(`child ${i}\n`);
      if (i + 1 < n) tell(CHILD_TO_PARENT, 'c'); // TELL_PARENT
    }
  } catch (err) {
    die(err);
  }
  process.exit(0);
}

/** The parent: the even lines, then wait for the child. */
function parent(n: number): void {
  let toChild: [number, number];
  let toParent: [number, number];
  try {
    toChild = pipe2(O_CLOEXEC);
    toParent = pipe2(O_CLOEXEC);
  } catch (err) {
    die(err);
  }
  const script = process.argv[1];
  if (script === undefined) die(new Error('cannot tell which script to run as the child'));
  const proc = spawn(process.execPath, [...process.execArgv, script, CHILD_MARKER, String(n)], {
    stdio: ['inherit', 'inherit', 'inherit', toChild[0], toParent[1]],
  });
  proc.on('error', (err) => {
    printErr(`spawn: ${err.message}\n`);
    process.exit(1);
  });
  let failed = false;
  try {
    close(toChild[0]);
    close(toParent[1]);
    // spawn() has forked and exec'd already (or failed, reported by the 'error' event above)
    if (proc.pid !== undefined) {
      for (let i = 0; i < n; i += 2) {
        printOut(`parent ${i}\n`);
        if (i + 1 < n) tell(toChild[1], 'p'); // TELL_CHILD
        if (i + 2 < n) waitFor(toParent[0], 'c'); // WAIT_CHILD
      }
    }
  } catch (err) {
    printErr(`${err instanceof Error ? err.message : String(err)}\n`);
    failed = true;
  }
  // Closing our ends also frees a child still waiting for us after a failure: it sees end of file.
  for (const fd of [toChild[1], toParent[0]]) {
    try {
      close(fd);
    } catch (err) {
      printErr(`${(err as IpcError).message}\n`);
      failed = true;
    }
  }
  proc.on('exit', (code) => {
    // The child has been reaped (Node waits for it before emitting 'exit').
    process.exit(!failed && code === 0 ? 0 : 1);
  });
}

const args = process.argv.slice(2);
if (args.length === 2 && args[0] === CHILD_MARKER) child(parseCount(args[1]!));
else if (args.length === 1) parent(parseCount(args[0]!));
else usage(USAGE);
