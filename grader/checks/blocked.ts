// At a sample, a process was blocked in a given call (in any of its threads; on a given object).
import type { BlockedCheck } from '../../harness/spec/types.js';
import { blockedThread, threadsOf } from '../../harness/observe/query.js';
import { shown } from '../../harness/init/codec.js';
import { template } from '../../harness/spec/template.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import type { ProcessState } from '../../harness/observe/snapshot.js';
import { names, refWords, resolved, shownPath } from './evidence.js';
import { inventory } from './sampled.js';

function doing(p: ProcessState): string {
  const t = threadsOf(p)[0];
  return t.state === 'R' || t.running ? 'running' : t.syscall ? `blocked in ${t.syscall.name}()` : t.state === 'T' || t.state === 't' ? 'stopped' : `in state ${t.state}`;
}

export function checkBlocked(raw: BlockedCheck, ctx: CheckContext, title?: string): Finding[] {
  const c = raw.on === undefined ? raw : { ...raw, on: template(raw.on, ctx.vars) };
  const { inv, when } = inventory(ctx, c.sample);
  const on = raw.on === undefined ? '' : ` on ${shownPath(ctx, raw.on)}`;
  const t = title ?? `${when}, ${refWords(c.process)} is blocked in ${c.call}()${on}`;
  if (!inv) return [{ title: t, passed: false, rationale: `the test stopped before it could look at the processes (sample "${c.sample}" was never taken)` }];
  const { procs, none } = resolved(ctx, c.process, { inv, when });
  if (none) return [{ title: t, passed: false, rationale: none }];
  return procs.map((p) => {
    if (blockedThread(p, c.call, c.on, inv)) return { title: t, passed: true };
    const now = doing(p);
    return { title: t, passed: false, expected: `blocked in ${c.call}()${on}`, actual: now, rationale: `${names([p], ctx)} was ${now} ${when}, not blocked in ${c.call}()${on}` };
  });
}

export const blockedCheck: CheckKind<'blocked'> = {
  run: checkBlocked,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['process', 'call', 'sample'],
    properties: {
      process: { type: 'string', description: 'A process reference: a process of the test, a program name, or "[PROGRAM] child of NAME".' },
      call: { type: 'string' },
      on: { type: 'string', description: 'futex only: the address lies in a mapping of this file, or in the POSIX semaphore or shared memory object of this name ("/name").' },
      sample: { type: 'string' },
    },
    description: 'At a sample, the process (any of its threads) was blocked in this call.',
  },
};
