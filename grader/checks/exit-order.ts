// One process exits before another: a child before the parent that must wait for it, cmd1 before
// the pipeline. When each exited comes from what the run saw: a test process's exit, the init's
// reap of an orphan, a traced run's exit events; a process the student forked that was seen in a
// snapshot and is gone at the end without being reaped by the init was waited for by its parent,
// so it exited before that parent (and that parent's ancestors) did.
import type { ExitOrderCheck } from '../../harness/spec/types.js';
import type { End, SeenProcess } from '../../harness/observe/ends.js';
import { namedEnds, runEnds } from '../ends.js';

type Named = End & { words: string };
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { refWords } from './evidence.js';

/** A process the check is about, and what is known of its end. */
interface Ended {
  pid: number;
  words: string;
  /** When it exited (ms since the run started), when that is known. */
  ms?: number;
  /** Still there when the run ended. */
  alive?: boolean;
  /** Reaped by its parent (this pid) before the end: exited before it. */
  reapedBy?: number;
}

export function checkExitOrder(c: ExitOrderCheck, ctx: CheckContext, title?: string): Finding[] {
  const t = title ?? `${refWords(c.first)} exits before ${refWords(c.then)}`;
  const facts = runEnds(ctx.obs);
  const first = namedEnds(c.first, facts);
  const then = namedEnds(c.then, facts);
  // a process missed by every snapshot may have lived between two of them (Finding.sampled)
  if (!first.length) return [{ title: t, passed: false, sampled: true, rationale: `${refWords(c.first)} was never seen running` }];
  if (!then.length) return [{ title: t, passed: false, sampled: true, rationale: `${refWords(c.then)} was never seen running` }];
  for (const f of first) {
    for (const p of then) {
      const why = order(f, p, facts.seen);
      if (why !== true) return [{ title: t, passed: false, internal: why.internal, rationale: why.text }];
    }
  }
  return [{ title: t, passed: true }];
}

/** true, or why not (internal when the run cannot tell: the spec asked what it cannot see). */
function order(f: Named, p: Named, seen: ReadonlyMap<number, SeenProcess>): true | { text: string; internal?: true } {
  if (f.pid === p.pid) return { text: `${f.words} is the same process as ${p.words}`, internal: true };
  if (f.alive) return { text: `${f.words} was still running when the test ended${p.ms !== undefined ? `, after ${p.words} had exited` : ''}` };
  if (f.ms !== undefined && p.ms !== undefined) {
    return f.ms <= p.ms ? true : { text: `${f.words} exited ${Math.round(f.ms - p.ms)} ms after ${p.words}` };
  }
  if (f.reapedBy !== undefined) {
    // reaped by its parent: it exited before that parent and every ancestor of it
    for (let a: number | undefined = f.reapedBy; a !== undefined && a > 1; a = seen.get(a)?.ppid) if (a === p.pid) return true;
  }
  if (p.alive && (f.ms !== undefined || f.reapedBy !== undefined)) return true;
  return { text: `ipclab could not tell whether ${f.words} exited before ${p.words} (trace the test to time processes it did not start)`, internal: true };
}

export const exitOrderCheck: CheckKind<'exit_order'> = {
  run: checkExitOrder,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['first', 'then'],
    properties: {
      first: { type: 'string', description: 'A process reference: the process(es) that must exit first (e.g. "add2 child of main").' },
      then: { type: 'string', description: 'A process reference: the process(es) that must still be there when each `first` exits.' },
    },
    description: 'Every process `first` names exits before any process `then` names. Test processes are timed by their exits, orphans by the init reaping them, traced processes by the trace; a process the student forked, seen at a sample, that its parent reaped exited before that parent and its ancestors. A student-forked process must be seen in a sample (or be traced) to be judged.',
  },
};
