// pager -- copy a file to $PAGER through popen (APUE Program 15.11).
//
// Usage: pager <pathname>
//
// Copies the file, byte for byte (NUL included), to the shell command line
// in $PAGER (default "more" when PAGER is unset or empty) through
// popen(cmd, "w"), then pcloses it.  Exit 0 when the pager's status was 0,
// even if it quit before reading everything; otherwise
// "pager exited with status <n>" on stderr (n: the exit status, or 128 + the
// signal number) and exit 1.  A file that cannot be opened:
// "can't open <pathname>: <strerror>" on stderr, exit 1.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('pager <pathname>');

// TODO: cmd = process.env.PAGER, or 'more' when it is undefined or ''.
//       popen(cmd, 'w') in TypeScript: const [r, w] = pipe2(O_CLOEXEC);
//       spawn('/bin/sh', ['-c', cmd], { stdio: [r, 'inherit', 'inherit'] }); close(r).
//       Copy the file (any bytes) into w with writeAll (EPIPE: the pager quit; stop writing), close(w),
//       await childExit(child): status 0 → exit 0, else 'pager exited with status <n>', exit 1.

printErr('pager: not implemented\n');
process.exit(1);
