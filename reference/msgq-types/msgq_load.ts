// msgq_load <key> — sends one System V message per standard input line `<type> <text>`.
//
// The type is a positive decimal integer, then one space, then the text: the rest of the line,
// possibly empty. Every line is checked before anything is sent: on the first malformed one,
// `bad line <n>` on stderr and exit 1. Then the queue is created if needed (IPC_CREAT | 0600) and
// the messages are sent in order.
import {
  IPC_CREAT,
  UsageError,
  die,
  msgget,
  msgsnd,
  parseKey,
  printErr,
  readBlocking,
  retryEintr,
  usage,
} from 'ipclab/ipc';

const USAGE = 'msgq_load <key>';
const MTEXT_MAX = 65536;

const args = process.argv.slice(2);
if (args.length !== 1) usage(USAGE);
let key: number;
try {
  key = parseKey(args[0]!);
} catch (err) {
  if (err instanceof UsageError) usage(USAGE);
  throw err;
}

interface Line {
  type: number;
  text: Buffer;
}

/** `<type> <text>` → the message, or undefined when the line is malformed. */
function parseLine(line: Buffer): Line | undefined {
  let i = 0;
  while (i < line.length && line[i]! >= 0x30 && line[i]! <= 0x39) i += 1;
  if (i === 0 || i >= line.length || line[i] !== 0x20) return undefined;
  // Types beyond 2^53 cannot be carried by a JS number; nobody needs them here.
  const type = Number(line.subarray(0, i).toString('latin1'));
  if (!(type > 0 && Number.isSafeInteger(type))) return undefined;
  const text = line.subarray(i + 1);
  if (text.length > MTEXT_MAX) return undefined;
  return { type, text };
}

try {
  // All of stdin first: nothing may be sent before every line is checked.
  const chunks: Buffer[] = [];
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    const n = readBlocking(0, buf);
    if (n === 0) break;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  const data = Buffer.concat(chunks);

  const lines: Line[] = [];
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    if (end === -1) end = data.length; // a last line without a newline counts
    const parsed = parseLine(data.subarray(start, end));
    if (!parsed) {
      printErr(`bad line ${lines.length + 1}\n`);
      process.exit(1);
    }
    lines.push(parsed);
    start = end + 1;
  }

  const qid = msgget(key, IPC_CREAT | 0o600);
  for (const { type, text } of lines) retryEintr(() => msgsnd(qid, type, text));
} catch (err) {
  die(err);
}
process.exit(0);
