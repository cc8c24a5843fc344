// counter <file> <n> — adds 1 to the 64-bit count in a shared file mapping, n times, WITHOUT the
// process-shared semaphore stored in the file (a known buggy solution) (see region.ts for the file and
// for how exactly one process initialises a new one).
//
// The loop is what a million increments cost through koffi: a pre-resolved sem_wait/sem_post on a
// pointer computed once, and the count updated through a Uint32Array view over the mapping (two
// 32-bit halves with a carry: no BigInt arithmetic).
import { UsageError, die, parseIntArg, printErr } from 'ipclab/ipc';
import { COUNT_HI, COUNT_LO, NotACounterFile, openRegion } from './region.js';

const USAGE = 'usage: counter <file> <n>';

const args = process.argv.slice(2);
if (args.length !== 2) usage();
let n = 0;
try {
  n = parseIntArg(args[1]!, 'n');
} catch (err) {
  if (err instanceof UsageError) usage();
  throw err;
}

try {
  const r = openRegion(args[0]!, true);
  const { words } = r; // the semaphore is there, but never taken
  for (let i = 0; i < n; i++) {
    const lo = words[COUNT_LO]!;
    if (lo === 0xffff_ffff) {
      words[COUNT_LO] = 0;
      words[COUNT_HI] = words[COUNT_HI]! + 1;
    } else {
      words[COUNT_LO] = lo + 1;
    }
  }
} catch (err) {
  if (err instanceof NotACounterFile) {
    printErr(`${err.message}\n`);
    process.exit(1);
  }
  die(err);
}
process.exit(0);

function usage(): never {
  printErr(`${USAGE}\n`);
  process.exit(2);
}
