// A System V object at the end of the test, or at a sample.
import type { SysvCheck } from '../../harness/spec/types.js';
import { template } from '../../harness/spec/template.js';
import { hexKey } from '../../harness/observe/snapshot.js';
import { parseKeyText } from '../../harness/observe/query.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { inventory } from './sampled.js';
import { SYSV_KINDS } from '../wording.js';
import { plural } from './text.js';

const valueWord = (vs: number[]) => (vs.length === 1 ? 'value' : 'values');


export function checkSysv(c: SysvCheck, ctx: CheckContext, title?: string): Finding[] {
  const key = parseKeyText(template(c.key, ctx.vars));
  const { inv, when } = inventory(ctx, c.sample);
  const what = `the ${SYSV_KINDS[c.type]} with key ${hexKey(key)}`;
  const parts: string[] = [];
  if (c.absent) parts.push('is gone');
  if (c.messages !== undefined) parts.push(`holds ${plural(c.messages, 'message')}`);
  if (c.attached !== undefined) parts.push(`is attached by ${processes(c.attached)}`);
  if (c.values) parts.push(`has the ${valueWord(c.values)} ${c.values.join(', ')}`);
  if (!parts.length) parts.push('exists');
  const name = title ?? `${when}, ${what} ${parts.join(' and ')}`;
  if (!inv) return [{ title: name, passed: false, rationale: `no observation was made ${when}` }];
  const o = inv.sysv.find((x) => x.kind === c.type && x.key === key);
  if (c.absent) return [o ? { title: name, passed: false, rationale: `${what} still exists ${when}` } : { title: name, passed: true }];
  if (!o) return [{ title: name, passed: false, rationale: `${what} does not exist ${when}` }];
  if (c.messages !== undefined && o.kind === 'msg' && o.messages !== c.messages) return [{ title: name, passed: false, expected: plural(c.messages, 'message'), actual: plural(o.messages, 'message'), rationale: `${what} holds ${plural(o.messages, 'message')} ${when}, expected ${plural(c.messages, 'message')}` }];
  if (c.attached !== undefined && o.kind === 'shm' && o.attached !== c.attached) return [{ title: name, passed: false, expected: processes(c.attached), actual: processes(o.attached), rationale: `${what} is attached by ${processes(o.attached)} ${when}, expected ${processes(c.attached)}` }];
  if (c.values && o.kind === 'sem' && o.values.join(',') !== c.values.join(',')) return [{ title: name, passed: false, expected: c.values.join(', '), actual: o.values.join(', '), rationale: `${what} has the ${valueWord(o.values)} ${o.values.join(', ')} ${when}, expected ${c.values.join(', ')}` }];
  return [{ title: name, passed: true }];
}

function processes(n: number): string {
  return `${n} ${n === 1 ? 'process' : 'processes'}`;
}

export const sysvCheck: CheckKind<'sysv'> = {
  run: checkSysv,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'key'],
    properties: {
      type: { enum: ['msg', 'sem', 'shm'] },
      key: { type: 'string' },
      messages: { type: 'integer' },
      attached: { type: 'integer' },
      absent: { type: 'boolean' },
      values: { type: 'array', items: { type: 'integer' } },
      sample: {
        type: 'string',
        description: 'Judge the state recorded by this sample step instead of the state at the end.',
      },
    },
    description: 'A System V object at the end (or at a sample): exists with messages/attached/values, or is absent.',
  },
};
