// Flows over a parsed trace (harness/observe/trace.ts), pure: bytes from writer to reader through
// each pipe or FIFO, who wrote each chunk of the test's streams, and each System V message from
// sender to receiver by queue and type. Facts only; checks decide what they prove.
import type { StreamPipe } from './snapshot.js';
import type { TraceCall, TraceEvent } from './trace.js';

/** One completed read or write on a channel. */
export interface Chunk { pid: number; tMs: number; bytes: number }

/** Bytes one process wrote that another read, through one channel. */
export interface Transfer { from: number; to: number; bytes: number }

export interface ChannelFlow {
  /** `pipe:[inode]`, or a FIFO's path. */
  channel: string;
  inode?: number;
  writes: Chunk[];
  reads: Chunk[];
  /** Writes matched to reads in byte order (a pipe is first in, first out). */
  transfers: Transfer[];
  /** Bytes written that no traced read took (still in the pipe, or read untraced). */
  unread: number;
}

const WRITES = new Set(['write', 'writev', 'pwrite64', 'pwritev']);
const READS = new Set(['read', 'readv', 'pread64', 'preadv']);

/** The calls that moved bytes, with the channel of their descriptor (argument 0). */
function transfers(events: TraceEvent[], isChannel: (target: string, pipe?: number) => boolean): Array<{ call: TraceCall; channel: string; inode?: number; write: boolean }> {
  const out: Array<{ call: TraceCall; channel: string; inode?: number; write: boolean }> = [];
  for (const e of events) {
    if (e.kind !== 'call' || !e.bytes) continue;
    const write = WRITES.has(e.call);
    if (!write && !READS.has(e.call)) continue;
    const fd = e.fds.find((f) => f.arg === 0);
    if (!fd || !isChannel(fd.target, fd.pipe)) continue;
    out.push({ call: e, channel: fd.pipe !== undefined ? `pipe:[${fd.pipe}]` : fd.target, inode: fd.pipe, write });
  }
  return out;
}

/** When a read's bytes arrived: its return. */
const doneMs = (c: TraceCall) => c.endMs ?? c.tMs;
/**
 * When a write's (or msgsnd's) bytes were there: its entry, since a reader can return before
 * the writer's own return is traced (the kernel woke it inside the write).
 */
const movedMs = (c: TraceCall, write: boolean) => (write ? c.tMs : doneMs(c));

/**
 * Every pipe (by inode) and every FIFO among `fifoPaths` that the trace saw bytes move through;
 * writers matched to readers in byte order.
 */
export function channelFlows(events: TraceEvent[], fifoPaths: Iterable<string> = []): ChannelFlow[] {
  const fifos = new Set(fifoPaths);
  const byChannel = new Map<string, ChannelFlow>();
  for (const t of transfers(events, (target, pipe) => pipe !== undefined || fifos.has(target))) {
    let f = byChannel.get(t.channel);
    if (!f) byChannel.set(t.channel, (f = { channel: t.channel, ...(t.inode !== undefined ? { inode: t.inode } : {}), writes: [], reads: [], transfers: [], unread: 0 }));
    (t.write ? f.writes : f.reads).push({ pid: t.call.pid, tMs: movedMs(t.call, t.write), bytes: t.call.bytes! });
  }
  for (const f of byChannel.values()) {
    f.writes.sort((a, b) => a.tMs - b.tMs);
    f.reads.sort((a, b) => a.tMs - b.tMs);
    Object.assign(f, match(f.writes, f.reads));
  }
  return [...byChannel.values()];
}

/** Writes and reads as byte ranges of one stream; each overlap is bytes from writer to reader. */
function match(writes: Chunk[], reads: Chunk[]): { transfers: Transfer[]; unread: number } {
  const sums = new Map<string, Transfer>();
  let w = 0, wLeft = writes[0]?.bytes ?? 0;
  for (const r of reads) {
    let need = r.bytes;
    while (need > 0 && w < writes.length) {
      const n = Math.min(need, wLeft);
      const key = `${writes[w].pid}>${r.pid}`;
      const t = sums.get(key) ?? { from: writes[w].pid, to: r.pid, bytes: 0 };
      t.bytes += n;
      sums.set(key, t);
      need -= n;
      wLeft -= n;
      if (wLeft === 0) wLeft = writes[++w]?.bytes ?? 0;
    }
  }
  let unread = wLeft;
  for (let i = w + 1; i < writes.length; i++) unread += writes[i].bytes;
  return { transfers: [...sums.values()], unread: w < writes.length ? unread : 0 };
}

/**
 * Who wrote each chunk of the test's streams: `pipes` are a deep snapshot's `stream` records
 * (the init's pipes), `ids` Observation.streamIds (a name for each id; the first name wins).
 */
export function streamWriters(events: TraceEvent[], pipes: StreamPipe[], ids: Record<string, number>): Record<string, Chunk[]> {
  const nameOf = new Map<number, string>();
  for (const [name, id] of Object.entries(ids)) if (!nameOf.has(id)) nameOf.set(id, name);
  const streamOf = new Map<number, string>();
  for (const p of pipes) if (p.role === 'out' && nameOf.has(p.id)) streamOf.set(p.inode, nameOf.get(p.id)!);
  const out: Record<string, Chunk[]> = {};
  for (const t of transfers(events, (_target, pipe) => pipe !== undefined && streamOf.has(pipe))) {
    if (!t.write) continue;
    (out[streamOf.get(t.inode!)!] ??= []).push({ pid: t.call.pid, tMs: t.call.tMs, bytes: t.call.bytes! });
  }
  for (const chunks of Object.values(out)) chunks.sort((a, b) => a.tMs - b.tMs);
  return out;
}

/** A System V message: who sent it, who received it (none: still queued, or taken untraced). */
export interface MessageFlow {
  queue: number;
  type: number;
  bytes: number;
  from: number;
  sentMs: number;
  to?: number;
  receivedMs?: number;
}

const MTYPE = /^\{mtype=(-?\d+)/;

/**
 * msgsnd → msgrcv per queue: each received message is the earliest one sent on its queue with
 * its type, entered before the receive returned and not taken yet (a queue keeps the messages of
 * one type in order). Sizes are not compared: MSG_NOERROR may cut a message.
 */
export function messageFlows(events: TraceEvent[]): MessageFlow[] {
  const flows: MessageFlow[] = [];
  const calls = events.filter((e): e is TraceCall => e.kind === 'call' && (e.call === 'msgsnd' || e.call === 'msgrcv') && e.retValue !== undefined && e.retValue >= 0);
  const at = (c: TraceCall) => movedMs(c, c.call === 'msgsnd');
  calls.sort((a, b) => at(a) - at(b));
  for (const c of calls) {
    const queue = Number(c.args[0]);
    const type = Number(MTYPE.exec(c.args[1] ?? '')?.[1]);
    if (!Number.isFinite(queue) || !Number.isFinite(type)) continue;
    if (c.call === 'msgsnd') {
      flows.push({ queue, type, bytes: Number(c.args[2]), from: c.pid, sentMs: c.tMs });
      continue;
    }
    const m = flows.find((f) => f.to === undefined && f.queue === queue && f.type === type);
    if (m) Object.assign(m, { to: c.pid, receivedMs: doneMs(c) });
  }
  return flows;
}
