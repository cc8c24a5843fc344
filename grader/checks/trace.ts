// Evidence from the trace (a test with `trace: true`): who wrote the test's stream, which message
// types a process received, whether bytes went through a pipe from one process to another.
// Bytes the trace cannot attribute (no trace, a trace cut short, io_uring) fail the check, never pass.
import type { TraceCheck } from '../../harness/spec/types.js';
import type { ProcessState } from '../../harness/observe/snapshot.js';
import { describeProcess } from '../wording/refs.js';
import { channelFlows, streamWriters } from '../../harness/observe/flows.js';
import type { TraceEvent } from '../../harness/observe/trace.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { refWords } from './evidence.js';
import { isCall, ownerOf, streamPipes, traceInventory, traceTree, untraceableCalls, type TraceTree } from '../trace-facts.js';

interface Traced { events: TraceEvent[]; tree: TraceTree; procs: (ref: string) => ProcessState[]; name: (pid: number) => string }

/** The trace and its process table, or why there is no whole trace to judge. */
function traced(ctx: CheckContext): Traced | string {
  const { obs } = ctx;
  if (obs.traceUnavailable) return `the test's processes could not be traced (${obs.traceUnavailable}), so nothing shows what they did`;
  if (!obs.trace) return 'the test was not traced, so nothing shows what its processes did';
  if (obs.traceTruncated) return 'the trace was cut short (it passed its size limit), so it does not show everything the processes did';
  const tree = traceTree(obs.trace);
  const inv = traceInventory(obs, tree);
  const name = (pid: number) => {
    const p = inv.processes.find((q) => q.pid === pid);
    return p ? describeProcess(p, ctx.tests) : `pid ${pid}`;
  };
  return { events: obs.trace, tree, procs: (ref) => ctx.resolve(ref, inv), name };
}

const fail = (title: string, rationale: string): Finding[] => [{ title, passed: false, rationale }];
const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;
const list = (t: Traced, pids: Iterable<number>) => [...pids].map(t.name).join(', ');

function stdoutFrom(c: TraceCheck, ctx: CheckContext, t: Traced, title: string): Finding[] {
  const stream = c.stream!;
  const who = t.procs(c.stdout_from!);
  if (!who.length) return fail(title, `the trace shows no process that is ${refWords(c.stdout_from!)}`);
  const pipes = streamPipes(ctx.obs);
  if (!pipes.length) return fail(title, `the run recorded no descriptor of the stream \`${stream}\`, so the trace cannot tell who wrote it`);
  const chunks = streamWriters(t.events, pipes, ctx.obs.streamIds)[stream] ?? [];
  const total = ctx.obs.streams[stream]?.totalBytes ?? 0;
  const seen = chunks.reduce((n, ch) => n + ch.bytes, 0);
  if (total === 0 && seen === 0) return fail(title, `\`${stream}\` received no bytes, so nothing shows who writes it`);
  const odd = untraceableCalls(t.events);
  if (seen < total) {
    const how = odd.length ? ` (a process used ${odd.join(', ')}, which the trace cannot follow)` : ' (through a mapping or a call the trace does not follow)';
    return fail(title, `${bytes(total - seen)} of the ${bytes(total)} of \`${stream}\` came from no write the trace saw${how}, so who wrote them is unknown`);
  }
  const mine = new Set(who.map((p) => p.pid));
  const others = new Map<number, number>();
  for (const ch of chunks) {
    const pid = ownerOf(t.tree, ch.pid);
    if (!mine.has(pid)) others.set(pid, (others.get(pid) ?? 0) + ch.bytes);
  }
  if (!others.size) return [{ title, passed: true }];
  const parts = [...others].map(([pid, n]) => `${t.name(pid)} wrote ${bytes(n)}`);
  return fail(title, `${parts.join('; ')} of the ${bytes(seen)} of \`${stream}\`, not ${refWords(c.stdout_from!)} (${list(t, mine)})`);
}

const MTYPE = /^\{mtype=(-?\d+)/;

function messageTypes(c: TraceCheck, t: Traced, title: string): Finding[] {
  const who = t.procs(c.process!);
  if (!who.length) return fail(title, `the trace shows no process that is ${refWords(c.process!)}`);
  const mine = new Set(who.map((p) => p.pid));
  const got = t.events.filter(isCall).filter((e) => e.call === 'msgrcv' && e.retValue !== undefined && e.retValue >= 0 && mine.has(ownerOf(t.tree, e.pid)));
  if (!got.length) return fail(title, `${list(t, mine)} received no message`);
  const wrong: string[] = [];
  for (const e of got) {
    const pid = ownerOf(t.tree, e.pid);
    const type = Number(MTYPE.exec(e.args[1] ?? '')?.[1]);
    if (type === pid) continue;
    const whose = t.tree.processOf.get(type) === type ? `, the pid of ${t.name(type)}` : '';
    wrong.push(`${t.name(pid)} received a message of type ${Number.isFinite(type) ? type : '?'}${whose}`);
  }
  if (!wrong.length) return [{ title, passed: true }];
  return fail(title, `${wrong.slice(0, 3).join('; ')}${wrong.length > 3 ? ` (and ${wrong.length - 3} more)` : ''}: each should receive only messages of its own pid's type`);
}

function pipeFlow(c: TraceCheck, ctx: CheckContext, t: Traced, title: string): Finding[] {
  const { from, to } = c.pipe!;
  const writers = t.procs(from);
  const readers = t.procs(to);
  if (!writers.length) return fail(title, `the trace shows no process that is ${refWords(from)}`);
  if (!readers.length) return fail(title, `the trace shows no process that is ${refWords(to)}`);
  const w = new Set(writers.map((p) => p.pid));
  const r = new Set(readers.map((p) => p.pid));
  const streams = new Set(streamPipes(ctx.obs).map((p) => p.inode));
  const flows = channelFlows(t.events).filter((f) => f.inode !== undefined && !streams.has(f.inode));
  const sent = flows.flatMap((f) => f.transfers).filter((x) => w.has(ownerOf(t.tree, x.from)));
  if (sent.some((x) => r.has(ownerOf(t.tree, x.to)) && x.bytes > 0)) return [{ title, passed: true }];
  const wrote = flows.some((f) => f.writes.some((ch) => w.has(ownerOf(t.tree, ch.pid))));
  if (!wrote) return fail(title, `${list(t, w)} wrote into no pipe (besides the test's own streams)`);
  const got = new Set(sent.map((x) => ownerOf(t.tree, x.to)));
  if (!got.size) return fail(title, `nobody read the bytes ${list(t, w)} wrote into a pipe`);
  return fail(title, `the bytes ${list(t, w)} wrote into a pipe were read by ${list(t, got)}, not ${refWords(to)} (${list(t, r)})`);
}

function titleOf(c: TraceCheck): string {
  if (c.stdout_from !== undefined) return `every byte of \`${c.stream}\` was written by ${refWords(c.stdout_from)}`;
  if (c.message_types !== undefined) return `each message ${refWords(c.process!)} received had its own pid as its type`;
  return `bytes went from ${refWords(c.pipe!.from)} to ${refWords(c.pipe!.to)} through a pipe`;
}

export function checkTrace(c: TraceCheck, ctx: CheckContext, title?: string): Finding[] {
  const t = title ?? titleOf(c);
  const tr = traced(ctx);
  if (typeof tr === 'string') return fail(t, tr);
  if (c.stdout_from !== undefined) return stdoutFrom(c, ctx, tr, t);
  if (c.message_types !== undefined) return messageTypes(c, tr, t);
  return pipeFlow(c, ctx, tr, t);
}

export const traceCheck: CheckKind<'trace'> = {
  run: checkTrace,
  schema: {
    type: 'object',
    additionalProperties: false,
    oneOf: [{ required: ['stdout_from', 'stream'] }, { required: ['message_types', 'process'] }, { required: ['pipe'] }],
    properties: {
      stdout_from: { type: 'string', description: 'A process reference: every byte of `stream` was written by these processes.' },
      stream: { type: 'string', description: 'The test stream `stdout_from` judges.' },
      message_types: { enum: ['own_pid'], description: 'Each System V message the processes of `process` received had their own pid as its type.' },
      process: { type: 'string', description: 'A process reference, for `message_types`.' },
      pipe: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to'],
        properties: { from: { type: 'string', description: 'A process reference: the writer.' }, to: { type: 'string', description: 'A process reference: the reader.' } },
        description: 'Bytes went from `from` to `to` through an anonymous pipe.',
      },
    },
    description: 'Evidence from the trace (the test or exercise says `trace: true`): who wrote a stream, which message types a process received, or bytes through a pipe. Bytes the trace cannot attribute fail it.',
  },
};
