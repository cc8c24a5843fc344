// How a process reference and a resolved process are named to a student ("the child of `main`",
// "`cat` (pid 9, the child of `main`)"). The harness resolves references (harness/observe/refs.ts);
// it never words them.
import { programName, type ProcessRef, type TestProcess } from '../../harness/observe/refs.js';
import type { ProcessState } from '../../harness/observe/snapshot.js';

/** The reference in words: "`main`", "the child of `main`", "`sh`, a child of `pager`". */
export function describeRef(r: ProcessRef): string {
  if (r.kind === 'name') return `\`${r.name}\``;
  const rel = r.relation === 'child' ? 'child' : 'descendant';
  const of = describeRef(r.of);
  return r.program ? `\`${r.program}\`, a ${rel} of ${of}` : `the ${rel} of ${of}`;
}

/** One resolved process in words: its test label when it is one of the test's, else its program and pid. */
export function describeProcess(p: Pick<ProcessState, 'pid' | 'ppid' | 'argv' | 'comm'>, tests: readonly TestProcess[]): string {
  const t = tests.find((x) => x.pid === p.pid);
  if (t) return `\`${t.label}\``;
  const parent = tests.find((x) => x.pid === p.ppid);
  return `\`${programName(p)}\` (pid ${p.pid}${parent ? `, the child of \`${parent.label}\`` : ''})`;
}
