// What a finished run knows of how its processes ended (harness/observe/ends.ts), for the checks
// and hints that name processes the student forked: every process a snapshot saw, each as first
// seen, with a traced run's processes and real parents (the forker, not the reaper of an orphan).
import type { EndFacts, SeenProcess } from '../harness/observe/ends.js';
import { endsOf, livePids, noteSeen, type End } from '../harness/observe/ends.js';
import { describeProcess } from './wording/refs.js';
import { isNode, programName } from '../harness/observe/refs.js';
import type { ExitInfo, Observation } from '../harness/run/observation.js';
import { traceTree } from './trace-facts.js';

const cache = new WeakMap<Observation, EndFacts>();

export function runEnds(obs: Observation): EndFacts {
  let facts = cache.get(obs);
  if (!facts) cache.set(obs, (facts = build(obs)));
  return facts;
}

function build(obs: Observation): EndFacts {
  const seen = new Map<number, SeenProcess>();
  // a run's record of every snapshot; an observation made without one: its samples and final snapshot
  if (obs.seen) for (const p of obs.seen) seen.set(p.pid, p);
  else for (const inv of [...Object.values(obs.samples), ...(obs.final ? [obs.final] : [])]) noteSeen(seen, inv.processes);
  const traceExits = new Map<number, { ms: number; exit: ExitInfo }>();
  if (obs.trace) {
    const tree = traceTree(obs.trace);
    for (const [pid, ppid] of tree.parent) {
      const known = seen.get(pid);
      const exec = tree.program.get(pid);
      // the trace's program is the file exec'd (`node` for a TypeScript program, whose script a snapshot names)
      const program = exec && !isNode({ argv: [exec] }) ? exec : undefined;
      if (known) seen.set(pid, { ...known, ppid, ...(program && programName(known) !== program ? { comm: program, argv: [program] } : {}) });
      else {
        // a child that has not exec'd runs its parent's program
        const parent = seen.get(ppid);
        const prog = program ?? exec ?? (parent ? programName(parent) : '?');
        seen.set(pid, { pid, ppid, comm: prog, argv: [prog] });
      }
    }
    for (const e of obs.trace) {
      if (e.kind !== 'exit') continue;
      const exit: ExitInfo = e.signal !== undefined ? { signal: e.signal } : { code: e.code ?? 0 };
      traceExits.set(e.pid, { ms: e.tMs, exit });
    }
  }
  const live = livePids(obs.final?.processes ?? []);
  for (const l of obs.leftovers) if (l.kind === 'process') live.add(l.pid);
  return { tests: obs.processes, seen, live, orphans: obs.orphans, traceExits };
}

/** The processes a reference names, each with how it ended and its name in the student's words. */
export function namedEnds(r: string, facts: EndFacts): Array<End & { words: string }> {
  return endsOf(r, facts).map((e) => ({ ...e, words: e.test ? `\`${e.test.label}\`` : describeProcess(e.process!, facts.tests) }));
}
