// devzero -- parent and child share a counter (APUE Program 15.33).
//
// Usage: devzero <n> [--anon]
//
// Map one long of /dev/zero with MAP_SHARED (with --anon: an anonymous
// MAP_ANONYMOUS | MAP_SHARED mapping), fork, and let parent and child take
// turns incrementing the shared counter, n increments in all, the parent
// first.  Hand the turns over with two pipes (APUE's TELL_WAIT).
//
// Each increment prints "parent <old>" or "child <old>" -- the value before
// the increment -- and flushes it.  After waiting for the child the parent
// prints "final <counter>" (that is, n).  Exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length < 1 || args.length > 2) usage('devzero <n> [--anon]');

// TODO: TypeScript cannot fork, and a /dev/zero or MAP_ANONYMOUS mapping does not survive spawning:
//       the shared long (8 bytes at offset 0) lives in memfd_create('devzero', MFD_CLOEXEC), ftruncate 8,
//       mmap(8, PROT_READ | PROT_WRITE, MAP_SHARED, fd), in both modes.
//       Two pipes with pipe2(O_CLOEXEC); spawnSelf(['--child', ...], ['inherit', 'inherit', 'inherit',
//       memfd, ...]) starts the child, which maps its fd 3. Take turns (one byte per turn), printing
//       'parent <old>' / 'child <old>' with printOut before handing the turn over.
//       The parent: await childExit(child), then 'final <counter>'. Exit 0.

printErr('devzero: not implemented\n');
process.exit(1);
