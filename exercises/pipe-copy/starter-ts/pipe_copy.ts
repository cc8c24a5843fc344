// pipe_copy -- parent to child through a pipe (APUE Program 15.5).
//
// Usage: pipe_copy < input > output
//
// The parent creates a pipe and forks.  The parent copies all of its
// standard input into the write end, closes it and waits for the child.
// The child copies everything from the read end to standard output until
// end of file.  Only the child writes to stdout.
//
// Exit 0 when the child exited 0; 1 on any failure (after one perror-style
// line naming the failing call); 2 on wrong usage.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 0) usage('pipe_copy < input > output');

// TODO: TypeScript cannot fork: start this program again as the child (docs/typescript.md):
//         const [r, w] = pipe2(O_CLOEXEC);
//         const child = spawnSelf(['--child'], [r, 'inherit', 'inherit']); const done = childExit(child);
//         close(r);
//       (test for '--child' in process.argv before the usage check). The child copies fd 0 to fd 1.
//       The parent copies fd 0 into w (readBlocking/writeAll; EPIPE: the child is gone), close(w),
//       then await done: exit 0 only when the child exited 0.

printErr('pipe_copy: not implemented\n');
process.exit(1);
