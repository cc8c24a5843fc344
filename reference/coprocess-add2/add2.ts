// add2 — a coprocess: for each line of standard input that starts with two integers, prints their
// sum; otherwise `invalid args` (APUE Program 15.17). Each reply is written at once (printOut is an
// unbuffered write), so the driver on the other end of the pipe gets it before add2 reads on.
import { die, printOut, readBlocking, usage } from 'ipclab/ipc';

const NEWLINE = 0x0a;
// sscanf("%d%d"): optional white space and sign, digits, taken whole (no digit may follow), twice
const TWO_INTS = /^\s*([+-]?\d+)(?!\d)\s*([+-]?\d+)/;

/** The reply to one line (without its newline), as the C add2 computes it with int arithmetic. */
function reply(line: string): string {
  const m = TWO_INTS.exec(line);
  return m ? String((Number.parseInt(m[1]!, 10) + Number.parseInt(m[2]!, 10)) | 0) : 'invalid args';
}

if (process.argv.length !== 2) usage('add2');

try {
  const chunk = Buffer.alloc(4096);
  let pending = Buffer.alloc(0);
  for (;;) {
    const n = readBlocking(0, chunk);
    pending = n === 0 ? pending : Buffer.concat([pending, chunk.subarray(0, n)]);
    for (let nl = pending.indexOf(NEWLINE); nl >= 0; nl = pending.indexOf(NEWLINE)) {
      printOut(`${reply(pending.subarray(0, nl).toString('latin1'))}\n`);
      pending = pending.subarray(nl + 1);
    }
    if (n === 0) {
      if (pending.length) printOut(`${reply(pending.toString('latin1'))}\n`); // a last line without its newline
      break;
    }
  }
} catch (err) {
  die(err);
}
process.exit(0);
