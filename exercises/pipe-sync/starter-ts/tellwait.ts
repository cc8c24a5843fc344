// tellwait -- parent and child take turns, synchronised through two pipes
// (APUE Program 15.7).
//
// Usage: tellwait <n>
//
// For i = 0 .. n-1, line i is "parent <i>" when i is even (printed by the
// parent) and "child <i>" when i is odd (printed by the child), each
// flushed.  The two processes synchronise only through two pipes.  The
// parent waits for the child and exits 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('tellwait <n>');

// TODO: TypeScript cannot fork: two pipes with pipe2(O_CLOEXEC), then spawnSelf(['--child', String(n)],
//       ['inherit', 'inherit', 'inherit', <its read end>, <its write end>]) (docs/typescript.md).
//       Even lines 'parent <i>' from the parent, odd lines 'child <i>' from the child, printed with
//       printOut; hand the turn over with one byte through the pipes (writeAll / readBlocking).
//       The parent awaits childExit(child) and exits 0.

printErr('tellwait: not implemented\n');
process.exit(1);
