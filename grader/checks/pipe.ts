// At a sample, a pipe (or a FIFO) connects the processes the contract says: the writer holds its
// write end and the reader its read end, compared by inode across their descriptors.
import type { PipeCheck } from '../../harness/spec/types.js';
import type { OpenFd, ProcessState } from '../../harness/observe/snapshot.js';
import { shown } from '../../harness/init/codec.js';
import { template } from '../../harness/spec/template.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { canRead, canWrite, isFinding, names, pipesOf, shownPath, refWords, resolved, sampled, streamOf, type PipeEnds, type Sampled } from './evidence.js';

function titleOf(c: PipeCheck, ctx: CheckContext): string {
  const ends = [c.from && `${refWords(c.from)} (write end)`, c.to && `${refWords(c.to)} (read end)`].filter(Boolean).join(' and ');
  const only = c.only ? ', and no other process holds either end' : '';
  return c.fifo ? `the FIFO ${shownPath(ctx, c.fifo)} is held open by ${ends}${only}` : `a pipe connects ${ends}${only}`;
}

/** The FIFO's path with the test's variables (`${dir}`) filled in; messages keep the spec's words. */
const fifoPath = (c: PipeCheck, ctx: CheckContext): string | undefined => (c.fifo === undefined ? undefined : template(c.fifo, ctx.vars));

export function checkPipe(c: PipeCheck, ctx: CheckContext, title?: string): Finding[] {
  const t = title ?? titleOf(c, ctx);
  const s = sampled(ctx, c.sample, t);
  if (isFinding(s)) return [s];
  const from = c.from === undefined ? undefined : resolved(ctx, c.from, s);
  const to = c.to === undefined ? undefined : resolved(ctx, c.to, s);
  const none = from?.none ?? to?.none;
  if (none) return [{ title: t, passed: false, rationale: none }];
  const fromPids = new Set(from?.procs.map((p) => p.pid));
  const toPids = new Set(to?.procs.map((p) => p.pid));
  const pipes = pipesOf(s.inv).filter((p) => (c.fifo === undefined ? p.type === 'pipe' : p.type === 'fifo' && p.target === fifoPath(c, ctx)));
  const found = pipes.find((p) => (!from || [...p.writers].some((x) => fromPids.has(x))) && (!to || [...p.readers].some((x) => toPids.has(x))));
  if (!found) return [{ title: t, passed: false, rationale: missing(c, ctx, s, from?.procs, to?.procs) }];
  const extra = c.only ? others(found, fromPids, toPids, c, s, ctx) : undefined;
  return [extra ? { title: t, passed: false, rationale: extra } : { title: t, passed: true }];
}

/** Why no such pipe: the reader reads the test's input itself, the writer holds no pipe, or the reader none. */
function missing(c: PipeCheck, ctx: CheckContext, s: Sampled, from?: ProcessState[], to?: ProcessState[]): string {
  const what = c.fifo ? `the FIFO ${shownPath(ctx, c.fifo)}` : 'a pipe';
  if (c.fifo) {
    const holders = [...(from ?? []), ...(to ?? [])].filter((p) => !p.fds.some((f) => f.target === fifoPath(c, ctx)));
    return `${names(holders.length ? holders : [...(from ?? []), ...(to ?? [])], ctx)} did not have ${what} open ${c.from ? 'for writing' : 'for reading'} ${s.when}`;
  }
  const ownPipe = (f: OpenFd) => f.type === 'pipe' && !streamOf(ctx, s.inv, f);
  for (const r of to ?? []) {
    const stdin = r.fds.find((f) => f.fd === 0);
    const src = stdin && streamOf(ctx, s.inv, stdin);
    if (src && !r.fds.some((f) => ownPipe(f) && canRead(f))) return `${names([r], ctx)} reads ${src} itself: no pipe from ${from ? names(from, ctx) : 'the writer'} reaches it ${s.when}`;
  }
  const writers = (from ?? []).filter((w) => !w.fds.some((f) => ownPipe(f) && canWrite(f)));
  if (from && writers.length === from.length) return `${names(from, ctx)} held the write end of no pipe (besides the test's own streams) ${s.when}`;
  const readers = (to ?? []).filter((r) => !r.fds.some((f) => ownPipe(f) && canRead(f)));
  if (to && readers.length === to.length) return `${names(to, ctx)} held the read end of no pipe ${s.when}`;
  const w = from ? names(from, ctx) : 'the writer';
  const r = to ? names(to, ctx) : 'the reader';
  return `no pipe that ${w} writes is read by ${r} ${s.when}: they hold ends of different pipes`;
}

/** With `only`: a process besides the named ones holds an end. */
function others(p: PipeEnds, fromPids: Set<number>, toPids: Set<number>, c: PipeCheck, s: Sampled, ctx: CheckContext): string | undefined {
  const procs = (pids: Set<number>, named: Set<number>, has: boolean) => s.inv.processes.filter((q) => pids.has(q.pid) && (!has || !named.has(q.pid)));
  const w = c.from ? procs(p.writers, fromPids, true) : [];
  const r = c.to ? procs(p.readers, toPids, true) : [];
  const fdsOf = (q: ProcessState, pred: typeof canRead) => q.fds.filter((f) => `${f.dev}:${f.inode}` === p.key && pred(f)).map((f) => f.fd).join(', ');
  const parts = [...w.map((q) => `${names([q], ctx)} also holds its write end (fd ${fdsOf(q, canWrite)})`), ...r.map((q) => `${names([q], ctx)} also holds its read end (fd ${fdsOf(q, canRead)})`)];
  return parts.length ? `${parts.join('; ')} ${s.when}` : undefined;
}

export const pipeCheck: CheckKind<'pipe'> = {
  run: checkPipe,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['sample'],
    anyOf: [{ required: ['from'] }, { required: ['to'] }],
    properties: {
      from: { type: 'string', description: 'A process reference that holds the write end.' },
      to: { type: 'string', description: 'A process reference that holds the read end.' },
      fifo: { type: 'string', description: 'The FIFO at this path instead of an anonymous pipe.' },
      only: { type: 'boolean', description: 'No other process holds the write end (with from) or the read end (with to).' },
      sample: { type: 'string' },
    },
    description: 'At a sample, a pipe (or the FIFO at `fifo`) has its write end held by `from` and its read end by `to`.',
  },
};
