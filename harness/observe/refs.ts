// Resolving process references: how a spec names a process the student started ("child of main", "sh child
// of pager", "add2") as well as the test's own ones, resolved over one snapshot's process tree.
// Waits and checks resolve the same way here, so they can never disagree about who is meant.
import { basename } from 'node:path';
import type { Inventory, ProcessState } from './snapshot.js';
import type { ProcessRef } from '../spec/process-ref.js';

export type { ProcessRef } from '../spec/process-ref.js';
export { parseRef, refOf, baseNames } from '../spec/process-ref.js';

/** What naming a process looks at. */
export type RefProcess = Pick<ProcessState, 'pid' | 'ppid' | 'argv' | 'comm'>;

/** A process the test itself started, as the run knows it. */
export interface TestProcess { name: string; label: string; pid?: number }

const NODE = /^(node|nodejs)(\d+)?$/;
const SCRIPT = /\.(c|m)?js$|\.ts$/;

/**
 * The program a process runs: the basename of argv[0] as exec'd (comm is cut to 15 bytes and is
 * `node` for every TypeScript program); for Node running a script, the script's name without its
 * extension, which is what ipclab's TypeScript wrapper runs. Falls back to comm for a process
 * whose cmdline is gone (a zombie).
 */
export function programName(p: Pick<ProcessState, 'argv' | 'comm'>): string {
  const [a0, a1] = p.argv;
  if (!a0) return p.comm;
  const prog = basename(a0);
  if (NODE.test(prog) && a1 && !a1.startsWith('-') && SCRIPT.test(a1)) return basename(a1).replace(SCRIPT, '');
  return prog;
}

/** Whether the process is Node itself (a TypeScript program, or a child it spawned of itself). */
export function isNode(p: Pick<ProcessState, 'argv'>): boolean {
  return !!p.argv[0] && NODE.test(basename(p.argv[0]));
}

/** Every live (or zombie) process of the snapshot the reference names, in pid order. */
export function resolveRef<P extends RefProcess = ProcessState>(r: ProcessRef, tests: readonly TestProcess[], inv: { processes: readonly P[] }): P[] {
  if (r.kind === 'name') {
    const own = tests.filter((t) => t.name === r.name || t.label === r.name);
    if (own.length) return inv.processes.filter((p) => own.some((t) => t.pid === p.pid));
    return inv.processes.filter((p) => programName(p) === r.name);
  }
  const base = new Set(resolveRef(r.of, tests, inv).map((p) => p.pid));
  const found = r.relation === 'child' ? inv.processes.filter((p) => base.has(p.ppid)) : descendants(base, inv);
  return found.filter((p) => r.program === undefined || programName(p) === r.program).sort((a, b) => a.pid - b.pid);
}

function descendants<P extends RefProcess>(roots: Set<number>, inv: { processes: readonly P[] }): P[] {
  const seen = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of inv.processes) {
      if (!seen.has(p.pid) && !roots.has(p.pid) && (roots.has(p.ppid) || seen.has(p.ppid))) {
        seen.add(p.pid);
        grew = true;
      }
    }
  }
  return inv.processes.filter((p) => seen.has(p.pid));
}

/** Whether the reference names only processes the test started (so it resolves without a snapshot). */
export function isTestName(r: ProcessRef, tests: readonly TestProcess[]): r is { kind: 'name'; name: string } {
  return r.kind === 'name' && tests.some((t) => t.name === r.name || t.label === r.name);
}
