// At a sample, the named processes wrote at least what a stream of the test has received: the
// bytes came from them (their write-like calls, /proc/PID/io wchar), not from someone else.
import type { WroteCheck } from '../../harness/spec/types.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { isFinding, names, refWords, resolved, sampled } from './evidence.js';

export function checkWrote(c: WroteCheck, ctx: CheckContext, title?: string): Finding[] {
  const t = title ?? `${refWords(c.process)} wrote what \`${c.stream}\` received`;
  const s = sampled(ctx, c.sample, t);
  if (isFinding(s)) return [s];
  const { procs, none } = resolved(ctx, c.process, s);
  if (none) return [{ title: t, passed: false, rationale: none }];
  const got = ctx.obs.sampleBytes[c.sample]?.[c.stream] ?? 0;
  const wrote = procs.reduce((n, p) => n + (p.io?.wchar ?? 0), 0);
  if (procs.some((p) => !p.io)) return [{ title: t, passed: false, rationale: `ipclab could not read the write counters of ${names(procs, ctx)} ${s.when}` }];
  if (wrote >= got) return [{ title: t, passed: true }];
  return [{
    title: t, passed: false, expected: `at least ${got} bytes written`, actual: `${wrote} bytes written`,
    rationale: `\`${c.stream}\` had received ${got} bytes ${s.when}, but ${names(procs, ctx)} had written only ${wrote}: the output came from another process`,
  }];
}

export const wroteCheck: CheckKind<'wrote'> = {
  run: checkWrote,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['process', 'stream', 'sample'],
    properties: { process: { type: 'string', description: 'A process reference.' }, stream: { type: 'string' }, sample: { type: 'string' } },
    description: 'At a sample, the processes named had passed at least as many bytes to write-like calls as the stream had received.',
  },
};
