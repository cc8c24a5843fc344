// fifo_server -- hand out sequence numbers through FIFOs.
//
// Usage: fifo_server <dir>
//
// Make <dir>/server.fifo (mode 0600), print "ready" (flushed), then serve
// forever.  A request is one line "<client-pid> <count>".  For each one,
// open <dir>/client.<pid>.fifo for writing, write the current sequence
// number (starting at 0) on one line, close it, then add <count> to the
// sequence number.  A client that has vanished must not stop the server.
// On SIGTERM or SIGINT remove server.fifo and exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 1) usage('fifo_server <dir>');

// TODO: mkfifo(`${dir}/server.fifo`, 0o600); open it O_RDONLY | O_NONBLOCK, and O_WRONLY too (keep that
//       write end: read() then never sees end of file between clients); printOut('ready\n').
//       process.on('SIGTERM' / 'SIGINT', ...): unlinkSync the FIFO and exit 0. A handler runs only while
//       the event loop does: wait for requests with `await readAsync(rfd, buf)`, never a blocking read.
//       Each line '<pid> <count>': open `${dir}/client.<pid>.fifo` O_WRONLY | O_NONBLOCK (retry while
//       e.errno === ENXIO and the client lives, a short while), write '<seq>\n', close, seq += count.
//       A vanished client (EPIPE, gone) must not stop the server.

printErr('fifo_server: not implemented\n');
process.exit(1);
