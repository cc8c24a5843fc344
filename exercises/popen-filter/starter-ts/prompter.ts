// prompter -- prompts, and reads each answer through the filter `lower`
// (APUE Program 15.15).
//
// Usage: prompter
//
// Runs `lower` with popen("lower", "r"): lower reads the prompter's own
// standard input, and the prompter reads lower's output from the pipe.
// Loop: print "prompt> " (flushed, no newline), read one line from the
// pipe, print it.  At end of file print "\n", pclose, exit 0.
//
// Read README.md first, and its "In TypeScript" section. ipclab/ipc's calls are C's, synchronous;
// a failing one throws an IpcError (die(e) prints its perror-style line and exits 1).
import { printErr, usage } from 'ipclab/ipc';

const args = process.argv.slice(2);
if (args.length !== 0) usage('prompter');

// TODO: popen('lower', 'r') in TypeScript: const [r, w] = pipe2(O_CLOEXEC);
//       spawn('/bin/sh', ['-c', 'lower'], { stdio: ['inherit', w, 'inherit'] }) (node:child_process); close(w).
//       Loop: printOut('prompt> '), read one line from r, print it. At end of file: printOut('\n'),
//       close(r), await childExit(child) (pclose), exit 0.

printErr('prompter: not implemented\n');
process.exit(1);
