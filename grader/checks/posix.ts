// A POSIX object at the end of the test, or at a sample.
import type { PosixCheck } from '../../harness/spec/types.js';
import { template } from '../../harness/spec/template.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { inventory } from './sampled.js';
import { POSIX_CHECK_KINDS } from '../wording.js';

export function checkPosix(c: PosixCheck, ctx: CheckContext, title?: string): Finding[] {
  const name = template(c.name, ctx.vars);
  const { inv, when } = inventory(ctx, c.sample);
  const what = `the POSIX ${POSIX_CHECK_KINDS[c.type]} ${name}`;
  const t = title ?? `${when}, ${what} ${c.absent ? 'is gone' : 'exists'}`;
  if (!inv) return [{ title: t, passed: false, rationale: `no observation was made ${when}` }];
  const found = inv.posix.some((p) => p.kind === c.type && p.name === name);
  if (found === !c.absent) return [{ title: t, passed: true }];
  return [{ title: t, passed: false, rationale: c.absent ? `${what} still exists ${when}` : `${what} does not exist ${when}` }];
}

export const posixCheck: CheckKind<'posix'> = {
  run: checkPosix,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'name'],
    properties: {
      type: { enum: ['mq', 'shm', 'sem'] },
      name: { type: 'string' },
      absent: { type: 'boolean' },
      sample: { type: 'string' },
    },
    description: 'A POSIX object at the end (or at a sample): exists or is absent.',
  },
};
