// lower — a filter: copies standard input to standard output, turning upper-case ASCII letters into
// lower case (APUE Program 15.14).
//
// Each chunk read is written out at once (no buffering at all), so a line is out as soon as its
// newline has been read: the reader on the other end of the pipe never waits for a buffer to fill.
import { die, readBlocking, usage, writeAll } from 'ipclab/ipc';

const A = 0x41;
const Z = 0x5a;
const TO_LOWER = 0x20;

if (process.argv.length !== 2) usage('lower');

try {
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    const n = readBlocking(0, buf);
    if (n === 0) break;
    for (let i = 0; i < n; i++) {
      const c = buf[i]!;
      if (c >= A && c <= Z) buf[i] = c + TO_LOWER;
    }
    writeAll(1, buf.subarray(0, n));
  }
} catch (err) {
  die(err);
}
process.exit(0);
