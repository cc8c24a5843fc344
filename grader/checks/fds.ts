// At a sample, a process's descriptors: one is the test's own stream (its stdout is the test's
// stdout), or exactly these are open (every other pipe end closed).
import type { FdsCheck } from '../../harness/spec/types.js';
import type { Inventory, OpenFd, ProcessState } from '../../harness/observe/snapshot.js';
import { shown } from '../../harness/init/codec.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { canRead, canWrite, isFinding, names, refWords, resolved, sampled, streamOf, type Sampled } from './evidence.js';

function titleOf(c: FdsCheck): string {
  const who = refWords(c.process);
  if (c.only) return `${who} has only descriptors ${c.only.join(', ')} open`;
  return `descriptor ${c.fd} of ${who} is the test's stream \`${c.stream}\``;
}

/** A descriptor in words: the test's stream, a pipe end, a FIFO, a file. */
export function describeFd(ctx: CheckContext, inv: Inventory, f: OpenFd): string {
  const stream = streamOf(ctx, inv, f);
  if (stream) return stream;
  const end = canRead(f) && canWrite(f) ? 'both ends' : canWrite(f) ? 'write end' : 'read end';
  if (f.type === 'pipe') return `a pipe (${end})`;
  if (f.type === 'fifo') return `the FIFO ${shown(f.target)} (${end})`;
  return shown(f.target);
}

function checkStream(c: FdsCheck, ctx: CheckContext, s: Sampled, p: ProcessState, t: string): Finding {
  const id = ctx.obs.streamIds?.[c.stream!];
  const pipe = s.inv.streams?.find((x) => x.role === 'out' && x.id === id);
  const f = p.fds.find((x) => x.fd === c.fd);
  if (f && pipe && f.dev === pipe.dev && f.inode === pipe.inode) return { title: t, passed: true };
  const now = f ? describeFd(ctx, s.inv, f) : 'closed';
  return { title: t, passed: false, expected: `the test's stream \`${c.stream}\``, actual: now, rationale: `descriptor ${c.fd} of ${names([p], ctx)} was ${now} ${s.when}, not the test's stream \`${c.stream}\`` };
}

function checkOnly(c: FdsCheck, ctx: CheckContext, s: Sampled, p: ProcessState, t: string): Finding {
  const want = new Set(c.only);
  const extra = p.fds.filter((f) => !want.has(f.fd)).sort((a, b) => a.fd - b.fd);
  const lacking = c.only!.filter((fd) => !p.fds.some((f) => f.fd === fd));
  if (!extra.length && !lacking.length) return { title: t, passed: true };
  const parts = [
    ...extra.map((f) => `descriptor ${f.fd} (${describeFd(ctx, s.inv, f)}) is still open`),
    ...lacking.map((fd) => `descriptor ${fd} is closed`),
  ];
  const open = p.fds.map((f) => f.fd).sort((a, b) => a - b).join(', ');
  return { title: t, passed: false, expected: `descriptors ${c.only!.join(', ')}`, actual: `descriptors ${open || 'none'}`, rationale: `in ${names([p], ctx)} ${s.when}: ${parts.join('; ')}` };
}

export function checkFds(c: FdsCheck, ctx: CheckContext, title?: string): Finding[] {
  const t = title ?? titleOf(c);
  const s = sampled(ctx, c.sample, t);
  if (isFinding(s)) return [s];
  const { procs, none } = resolved(ctx, c.process, s);
  if (none) return [{ title: t, passed: false, rationale: none }];
  return procs.map((p) => (c.only ? checkOnly(c, ctx, s, p, t) : checkStream(c, ctx, s, p, t)));
}

export const fdsCheck: CheckKind<'fds'> = {
  run: checkFds,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['process', 'sample'],
    oneOf: [{ required: ['fd', 'stream'] }, { required: ['only'] }],
    properties: {
      process: { type: 'string', description: 'A process reference.' },
      fd: { type: 'integer', minimum: 0 },
      stream: { type: 'string', description: "The test's output stream that descriptor `fd` must be (e.g. `main` for main's stdout, `main.stderr`)." },
      only: { type: 'array', items: { type: 'integer', minimum: 0 }, uniqueItems: true, description: 'Exactly these descriptors are open.' },
      sample: { type: 'string' },
    },
    description: "At a sample, descriptor `fd` of the process is the test's stream `stream`, or the process has exactly the descriptors `only` open.",
  },
};
