// The kernel state a check judges: at a sample the script took, or at the end of the test.
import type { Inventory } from '../../harness/observe/snapshot.js';
import type { CheckContext } from './context.js';
import { moment } from './moment.js';

export function inventory(ctx: CheckContext, sample?: string): { inv?: Inventory; when: string } {
  if (sample) return { inv: ctx.obs.samples[sample], when: moment(ctx.test, sample, ctx.vars) };
  return { inv: ctx.obs.final, when: 'at the end of the test' };
}
