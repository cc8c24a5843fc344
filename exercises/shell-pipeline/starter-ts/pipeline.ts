// pipeline -- runs `cmd1 | cmd2` as a shell does.
//
// Usage: pipeline <cmd1> <cmd2>
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 2) usage('pipeline <cmd1> <cmd2>');

// TODO: TypeScript cannot fork: make the pipe with pipe2(O_CLOEXEC) (a real pipe: Node's own
//       'pipe' stdio is a socket pair), spawn cmd1 (by name, found on PATH) with the write end as
//       its stdout and cmd2 with the read end as its stdin, close both ends here, and wait for
//       both children; exit as the README says.

printErr('pipeline: not implemented\n');
process.exit(1);
