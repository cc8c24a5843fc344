// At a sample, a process has the children the contract says (a child that does the work; a shell that popen started).
import type { ChildrenCheck } from '../../harness/spec/types.js';
import { programName } from '../../harness/observe/refs.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { isFinding, names, refWords, resolved, sampled } from './evidence.js';

export function checkChildren(c: ChildrenCheck, ctx: CheckContext, title?: string): Finding[] {
  const what = `${c.count} ${c.count === 1 ? 'child' : 'children'}${c.program ? ` running \`${c.program}\`` : ''}`;
  const t = title ?? `${refWords(c.process)} has ${what} while it works`;
  const s = sampled(ctx, c.sample, t);
  if (isFinding(s)) return [s];
  const { procs, none } = resolved(ctx, c.process, s);
  if (none) return [{ title: t, passed: false, rationale: none }];
  return procs.map((parent) => {
    const all = s.inv.processes.filter((p) => p.ppid === parent.pid && p.state !== 'Z');
    const kids = all.filter((p) => c.program === undefined || programName(p) === c.program);
    if (kids.length === c.count) return { title: t, passed: true };
    const who = names([parent], ctx);
    const had = all.length === 0 ? 'no child' : `${all.length === 1 ? 'one child' : `${all.length} children`} (${names(all, ctx)})`;
    const because = kids.length === 0 && all.length === 0 ? `${who} did the work itself: it had no child ${s.when}` : `${who} had ${had} ${s.when}`;
    return { title: t, passed: false, expected: what, actual: had, rationale: because };
  });
}

export const childrenCheck: CheckKind<'children'> = {
  run: checkChildren,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['process', 'count', 'sample'],
    properties: {
      process: { type: 'string', description: 'A process reference: a process of the test, a program name, or "[PROGRAM] child of NAME".' },
      count: { type: 'integer', minimum: 0 },
      program: { type: 'string', description: 'Count only children running this program (basename of argv[0]; a TypeScript program by its script name).' },
      sample: { type: 'string' },
    },
    description: "At a sample, the process had exactly this many children (live ones; optionally only those running a program).",
  },
};
