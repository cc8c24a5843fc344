// devzero <n> [--anon] — parent and child share a counter (APUE Program 15.33).
//
// Parent and child take turns incrementing a shared long, n increments in all, the parent first;
// each increment prints `parent <old>` / `child <old>` at once (no buffering), and after waiting for
// the child the parent prints `final <counter>`. The turns are handed over with two real pipes
// (pipe2), one byte per turn: APUE's TELL_WAIT.
//
// TypeScript cannot fork, and a mapping of /dev/zero (or an anonymous one) does not survive exec. So
// for both mapping kinds the shared long lives in a memfd_create() file mapped MAP_SHARED: the
// parent spawns this same script with the marker argument `--child`, handing it the memfd and its
// ends of the two pipes as descriptors 3, 4 and 5; the child maps the memfd too. What the tests
// observe is the same.
import { spawn } from 'node:child_process';
import {
  MAP_SHARED,
  MFD_CLOEXEC,
  O_CLOEXEC,
  PROT_READ,
  PROT_WRITE,
  UsageError,
  close,
  die,
  ftruncate,
  memfd_create,
  mmap,
  parseIntArg,
  pipe2,
  printErr,
  printOut,
  read,
  retryEintr,
  writeAll,
} from 'ipclab/ipc';

const USAGE = 'devzero <n> [--anon]';
const CHILD_MARKER = '--child';
const LONG_SIZE = 8;
/** The child's descriptors: turns from the parent, turns to the parent, the shared memory. */
const CHILD_TURN_IN = 3;
const CHILD_TURN_OUT = 4;
const CHILD_MEMFD = 5;

/** The shared counter: a long in a MAP_SHARED mapping of `fd`. */
function mapCounter(fd: number): BigInt64Array {
  const m = mmap(LONG_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return new BigInt64Array(m.buf.buffer, m.buf.byteOffset, 1);
}

/** TELL: one byte into the pipe. */
function tell(fd: number, byte: string): void {
  writeAll(fd, byte);
}

/** WAIT: one byte from the pipe; false when the other process is gone (end of file). */
function waitFor(fd: number, byte: string): boolean {
  const b = Buffer.alloc(1);
  const n = retryEintr(() => read(fd, b, 1));
  return n === 1 && b.toString('latin1') === byte;
}

/** Prints `<who> <old>` at once, then adds 1 to the counter. */
function update(counter: BigInt64Array, who: string): void {
  const old = counter[0]!;
  printOut(`${who} ${old}\n`);
  counter[0] = old + 1n;
}

/** The child: increments 1, 3, 5, ... */
function child(n: number): never {
  try {
    const counter = mapCounter(CHILD_MEMFD);
    close(CHILD_MEMFD);
    for (let i = 1; i < n; i += 2) {
      if (!waitFor(CHILD_TURN_IN, 'p')) {
        printErr('devzero: the parent is gone\n');
        process.exit(1);
      }
      update(counter, 'child');
      if (i + 1 < n) tell(CHILD_TURN_OUT, 'c');
    }
  } catch (err) {
    die(err);
  }
  process.exit(0);
}

/** The parent: increments 0, 2, 4, ..., then waits for the child and prints the final value. */
function parent(n: number): void {
  let counter: BigInt64Array;
  let memfd: number;
  let toChild: [number, number];
  let toParent: [number, number];
  try {
    memfd = memfd_create('devzero', MFD_CLOEXEC);
    ftruncate(memfd, LONG_SIZE); // a new memfd reads as zeros, like /dev/zero
    counter = mapCounter(memfd);
    toChild = pipe2(O_CLOEXEC);
    toParent = pipe2(O_CLOEXEC);
  } catch (err) {
    die(err);
  }

  const script = process.argv[1];
  if (script === undefined) die(new Error('cannot tell which script to run as the child'));
  // The stdio array dup2()s these into the child as its fds 3, 4 and 5 (without O_CLOEXEC there).
  const proc = spawn(process.execPath, [...process.execArgv, script, CHILD_MARKER, String(n)], {
    stdio: ['inherit', 'inherit', 'inherit', toChild[0], toParent[1], memfd],
  });
  let failed = false;
  try {
    close(toChild[0]);
    close(toParent[1]);
    close(memfd);
    if (proc.pid !== undefined) {
      for (let i = 0; i < n; i += 2) {
        if (i > 0 && !waitFor(toParent[0], 'c')) {
          printErr('devzero: the child is gone\n');
          failed = true;
          break;
        }
        update(counter, 'parent');
        if (i + 1 < n) tell(toChild[1], 'p');
      }
    }
    close(toChild[1]); // a child still waiting for a turn sees end of file
  } catch (err) {
    printErr(`${(err as Error).message}\n`);
    failed = true;
  }

  proc.on('error', (err) => {
    printErr(`spawn: ${err.message}\n`);
    process.exit(1);
  });
  proc.on('exit', (code) => {
    // The child has been reaped: now the counter holds every increment.
    if (code !== 0) {
      printErr('devzero: the child failed\n');
      process.exit(1);
    }
    if (failed) process.exit(1);
    try {
      printOut(`final ${counter[0]}\n`);
    } catch (err) {
      die(err);
    }
    process.exit(0);
  });
}

const args = process.argv.slice(2);
if (args.length === 2 && args[0] === CHILD_MARKER) {
  child(parseIntArg(args[1]!, 'n'));
} else {
  if (args.length < 1 || args.length > 2 || (args.length === 2 && args[1] !== '--anon')) usage();
  let n = 0;
  try {
    n = parseIntArg(args[0]!, 'n');
  } catch (err) {
    if (err instanceof UsageError) usage();
    throw err;
  }
  parent(n);
}

function usage(): never {
  printErr(`usage: ${USAGE}\n`);
  process.exit(2);
}
