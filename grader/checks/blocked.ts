// At a sample, a process was blocked in a given call.
import type { BlockedCheck } from '../../harness/spec/types.js';
import { isBlockedIn } from '../../harness/observe/query.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { inventory } from './sampled.js';

export function checkBlocked(c: BlockedCheck, ctx: CheckContext, title?: string): Finding[] {
  const { inv, when } = inventory(ctx, c.sample);
  return ctx.instances(c.process).map((p) => {
    const t = title ?? `${when}, \`${p.label}\` is blocked in ${c.call}()`;
    const state = inv?.processes.find((q) => q.pid === p.pid);
    if (!state) return { title: t, passed: false, rationale: `\`${p.label}\` was not running ${when}` };
    if (isBlockedIn(state, c.call)) return { title: t, passed: true };
    const doing = state.state === 'R' || state.running ? 'running' : state.syscall ? `blocked in ${state.syscall.name}()` : `in state ${state.state}`;
    return { title: t, passed: false, expected: `blocked in ${c.call}()`, actual: doing, rationale: `\`${p.label}\` was ${doing} ${when}, not blocked in ${c.call}()` };
  });
}

export const blockedCheck: CheckKind<'blocked'> = {
  run: checkBlocked,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['process', 'call', 'sample'],
    properties: { process: { type: 'string' }, call: { type: 'string' }, sample: { type: 'string' } },
    description: 'At a sample, the process was blocked in this call.',
  },
};
