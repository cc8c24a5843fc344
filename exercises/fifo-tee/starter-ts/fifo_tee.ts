// fifo_tee -- copy standard input to standard output and to a FIFO.
//
// Usage: fifo_tee <fifo>
//
// The FIFO is made (mkfifo) and read by someone else.  Copy every byte of
// stdin to stdout and into the FIFO.  Refuse a path that is not a FIFO
// ("<fifo>: not a FIFO" on stderr, exit 1) or that does not exist
// (perror-style line, exit 1).  When the FIFO's reader goes away, do not
// die: print "fifo_tee: reader closed <fifo>" on stderr once, stop writing
// to the FIFO, go on copying to stdout, exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('fifo_tee <fifo>');

// TODO: stat(path): a missing path is die(e); !S_ISFIFO(st.st_mode): '<fifo>: not a FIFO', exit 1.
//       open(path, O_WRONLY) (it blocks until a reader comes: that is right here).
//       Copy stdin (fd 0) to stdout and to the FIFO with readBlocking/writeAll. Node ignores SIGPIPE:
//       when the FIFO write throws an IpcError with EPIPE, print 'fifo_tee: reader closed <fifo>' once
//       and go on copying to stdout only. Exit 0 at end of input.

printErr('fifo_tee: not implemented\n');
process.exit(1);
