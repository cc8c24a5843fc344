// strace's text (as the init's strace writes it: -f -q -ttt -y -s 0, see "tracing" in
// ipclab-init.c) into typed events. Pure. Every line a student could shape is strace's own
// escaping of it: strings are quoted with `"` and `\` escaped, and `<`/`>` inside an fd's path are
// \74/\76, so a call's end, its return and its fd targets are found by a scanner that skips
// quoted strings and decorations; a line that is not one strace writes is counted, never an event.

/** A descriptor strace decorated (`3<pipe:[123]>`, `4</tmp/f>`): its number and what it is. */
export interface FdTarget {
  /** Argument index, or -1 for the return value. */
  arg: number;
  fd: number;
  /** The path or `pipe:[inode]`/`socket:[inode]`, unescaped. */
  target: string;
  /** A pipe's inode (`pipe:[N]`); a FIFO shows as its path. */
  pipe?: number;
}

export interface TraceCall {
  kind: 'call';
  pid: number;
  /** When the call was entered (ms on the run's clock). */
  tMs: number;
  /** When an `<unfinished ...>` call returned (its `resumed` line). */
  endMs?: number;
  call: string;
  /** The arguments as strace printed them (raw, top level split at commas). */
  args: string[];
  /** The return as printed (`0`, `-1`, `?`, `0x7f…`); absent when it never returned. */
  ret?: string;
  /** The return as a number, when it is one. */
  retValue?: number;
  errno?: string;
  fds: FdTarget[];
  /** Bytes moved by read/write/readv/writev/pread/pwrite/splice/sendfile (the return, when ≥ 0). */
  bytes?: number;
  /** The path or object name of open/unlink/mknod/mq_open/execve calls (their first string), unescaped. */
  path?: string;
  /** An `<unfinished ...>` call whose `resumed` line never came (the process was killed in it). */
  unfinished?: true;
}

export interface TraceSignal { kind: 'signal'; pid: number; tMs: number; signal: string; info: string }
/** `--- stopped by SIGSTOP ---`: the process entered a group stop. */
export interface TraceStopped { kind: 'stopped'; pid: number; tMs: number; signal: string }
export interface TraceExit { kind: 'exit'; pid: number; tMs: number; code?: number; signal?: string; core?: true }

export type TraceEvent = TraceCall | TraceSignal | TraceStopped | TraceExit;

export interface ParsedTrace {
  events: TraceEvent[];
  /** Lines that were not strace's (or were cut): counted, not trusted. */
  malformed: number;
}

/** strace's -ttt stamps are CLOCK_REALTIME; the run's clock is CLOCK_MONOTONIC ns from t0. */
export interface TraceClock { offsetNs: bigint; t0: bigint }
const EPOCH_MS: TraceClock = { offsetNs: 0n, t0: 0n };

/** Calls whose first string argument is a path or an object's name (others' strings are data). */
const PATH_CALLS = new Set(['open', 'openat', 'openat2', 'creat', 'unlink', 'unlinkat', 'mknod', 'mknodat', 'mq_open', 'mq_unlink', 'execve', 'execveat']);
const BYTE_CALLS = new Set(['read', 'write', 'readv', 'writev', 'pread64', 'pwrite64', 'preadv', 'pwritev', 'splice', 'sendfile', 'tee']);

const LINE = /^(?:\[pid +)?(\d+)\]? +(\d+)\.(\d{6}) (.*)$/s;
const SIGNAL = /^--- (SIG[A-Z0-9+-]+) (.*) ---$/s;
const STOPPED = /^--- stopped by (SIG[A-Z0-9]+) ---$/;
const EXIT = /^\+\+\+ (?:exited with (\d+)|killed by (SIG[A-Z0-9+-]+)( \(core dumped\))?) \+\+\+$/;
const RESUMED = /^<\.\.\. ([a-z0-9_]+) resumed>(.*)$/s;
const CALL = /^([a-z_][a-z0-9_]*)\((.*)$/s;
const UNFINISHED = ' <unfinished ...>';

/** Parses strace's lines; `clock` maps its stamps onto the run's (default: epoch ms). */
export function parseTrace(text: string, clock: TraceClock = EPOCH_MS): ParsedTrace {
  const events: TraceEvent[] = [];
  const pending = new Map<number, TraceCall>();
  let malformed = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const m = LINE.exec(line);
    const ev = m && parseRest(Number(m[1]), stampMs(m[2], m[3], clock), m[4], pending);
    if (!ev) malformed++;
    else if (ev !== true) events.push(ev);
  }
  for (const call of pending.values()) call.unfinished = true;
  return { events, malformed };
}

function stampMs(sec: string, usec: string, c: TraceClock): number {
  const ns = BigInt(sec) * 1_000_000_000n + BigInt(usec) * 1000n + c.offsetNs - c.t0;
  return Number(ns) / 1e6;
}

/** An event, `true` for a line that only completes an earlier one, undefined when malformed. */
function parseRest(pid: number, tMs: number, rest: string, pending: Map<number, TraceCall>): TraceEvent | true | undefined {
  let m: RegExpExecArray | null;
  if ((m = STOPPED.exec(rest))) return { kind: 'stopped', pid, tMs, signal: m[1] };
  if ((m = SIGNAL.exec(rest)) && !rest.startsWith('--- stopped')) return { kind: 'signal', pid, tMs, signal: m[1], info: m[2] };
  if ((m = EXIT.exec(rest))) {
    if (m[1] !== undefined) return { kind: 'exit', pid, tMs, code: Number(m[1]) };
    return { kind: 'exit', pid, tMs, signal: m[2], ...(m[3] ? { core: true as const } : {}) };
  }
  if ((m = RESUMED.exec(rest))) {
    const call = pending.get(pid);
    if (!call || call.call !== m[1]) return undefined;
    pending.delete(pid);
    // the resumed part continues the argument list where the unfinished line stopped
    const done = finishCall(call, call.args.length, m[2]);
    if (!done) return undefined;
    call.endMs = tMs;
    return true;
  }
  if ((m = CALL.exec(rest))) {
    const call: TraceCall = { kind: 'call', pid, tMs, call: m[1], args: [], fds: [] };
    if (m[2].endsWith(UNFINISHED)) {
      const scan = scanArgs(m[2].slice(0, -UNFINISHED.length));
      if (!scan || scan.close >= 0) return undefined;
      addArgs(call, scan, 0);
      pending.set(pid, call);
      return call;
    }
    return finishCall(call, 0, m[2]) ? call : undefined;
  }
  return undefined;
}

/** Reads the arguments (from index `first` on), the `)` and the return of a call; false when malformed. */
function finishCall(call: TraceCall, first: number, text: string): boolean {
  const scan = scanArgs(text);
  if (!scan || scan.close < 0) return false;
  addArgs(call, scan, first);
  const ret = parseReturn(text.slice(scan.close + 1));
  if (!ret) return false;
  call.ret = ret.raw;
  if (ret.value !== undefined) call.retValue = ret.value;
  if (ret.errno) call.errno = ret.errno;
  if (ret.fd) call.fds.push({ ...ret.fd, arg: -1 });
  if (BYTE_CALLS.has(call.call) && ret.value !== undefined && ret.value >= 0) call.bytes = ret.value;
  return true;
}

function addArgs(call: TraceCall, scan: Scan, first: number): void {
  // an unfinished line may stop inside an argument: the resumed part then starts with its rest
  const parts = scan.args.map((a) => a.trim());
  const merge = first > 0 && call.args.length > 0 && parts.length > 0 && !scan.startsAtComma;
  const offset = merge ? call.args.length - 1 : call.args.length;
  if (merge) call.args[offset] = (call.args[offset] + parts.shift()!).trim();
  call.args.push(...parts);
  for (const d of scan.fds) call.fds.push({ ...d, arg: d.arg + offset });
  if (call.path === undefined && scan.firstString !== undefined && PATH_CALLS.has(call.call)) call.path = scan.firstString;
}

interface Scan {
  args: string[];
  /** Index of the closing `)` in the text, -1 when the text ended before it. */
  close: number;
  fds: Array<Omit<FdTarget, 'arg'> & { arg: number }>;
  firstString?: string;
  startsAtComma: boolean;
}

/**
 * Splits strace's argument text at top-level commas up to the call's `)`, skipping quoted
 * strings (with their escapes) and fd decorations (`N<…>`, nested `<…>` counted), and brackets.
 */
function scanArgs(text: string): Scan | undefined {
  const args: string[] = [];
  const fds: Scan['fds'] = [];
  let firstString: string | undefined;
  let depth = 0;
  let start = 0;
  const startsAtComma = /^\s*,/.test(text);
  let i = startsAtComma ? text.indexOf(',') + 1 : 0;
  start = i;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      firstString ??= unescape(text.slice(i + 1, end));
      i = end;
    } else if (c === '<' && i > 0 && /\d/.test(text[i - 1])) {
      const end = decorationEnd(text, i);
      if (end < 0) return undefined;
      const num = /(-?\d+)$/.exec(text.slice(start, i));
      if (num) fds.push(fdTarget(args.length, Number(num[1]), text.slice(i + 1, end)));
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ')') {
      if (depth === 0) {
        if (i > start || args.length) args.push(text.slice(start, i));
        return { args, close: i, fds, firstString, startsAtComma };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (i > start) args.push(text.slice(start));
  return { args, close: -1, fds, firstString, startsAtComma };
}

/** Index of the `"` closing the string opened at i, -1 if none. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j;
  }
  return -1;
}

/** Index of the `>` closing the decoration opened at i (inner `<…>` nested), -1 if none. */
function decorationEnd(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === '<') depth++;
    else if (text[j] === '>' && --depth === 0) return j;
  }
  return -1;
}

function fdTarget(arg: number, fd: number, raw: string): Scan['fds'][number] {
  const target = unescape(raw);
  const pipe = /^pipe:\[(\d+)\]$/.exec(target);
  return pipe ? { arg, fd, target, pipe: Number(pipe[1]) } : { arg, fd, target };
}

const RETURN = /^ += (-?\d+|0x[0-9a-f]+|\?)(?:(<.*>))?(?: ([A-Z][A-Z0-9_]+) \(.*\))?(?: \(.*\))?(?: <unavailable>)?$/s;

function parseReturn(text: string): { raw: string; value?: number; errno?: string; fd?: Omit<FdTarget, 'arg'> } | undefined {
  const m = RETURN.exec(text);
  if (!m) return undefined;
  const raw = m[1];
  const value = raw === '?' ? undefined : raw.startsWith('0x') ? undefined : Number(raw);
  const out: { raw: string; value?: number; errno?: string; fd?: Omit<FdTarget, 'arg'> } = { raw };
  if (value !== undefined) out.value = value;
  if (m[3]) out.errno = m[3];
  if (m[2] && value !== undefined) {
    const end = decorationEnd(m[2], 0);
    if (end !== m[2].length - 1) return undefined;
    const { arg: _, ...fd } = fdTarget(-1, value, m[2].slice(1, -1));
    out.fd = fd;
  }
  return out;
}

/** strace's C-style escapes (\n, \t, \", \\, \NNN octal, \xNN) back to the text they stand for. */
export function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = s[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, v: 11, f: 12, '"': 34, '\\': 92, "'": 39 };
    if (n in simple) bytes.push(simple[n]);
    else if (n === 'x') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (/[0-7]/.test(n)) {
      const oct = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      bytes.push(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else bytes.push(...Buffer.from(n ?? '', 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The events of the processes the init spawned, from each one's own successful execve on (before
 * it, the init's preparation: the self-stop, SIGCONT, execvp's PATH search); their descendants'
 * all. One strace may hold several spawned processes, so its text may hold several of them.
 */
export function fromExec(events: TraceEvent[], spawned: number | Iterable<number>): TraceEvent[] {
  const pids = new Set(typeof spawned === 'number' ? [spawned] : spawned);
  const exec = new Map<number, number>();
  events.forEach((e, i) => {
    if (pids.has(e.pid) && !exec.has(e.pid) && e.kind === 'call' && e.call.startsWith('execve') && e.retValue === 0) exec.set(e.pid, i);
  });
  return events.filter((e, i) => !pids.has(e.pid) || i >= (exec.get(e.pid) ?? Infinity));
}
