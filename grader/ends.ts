// What a finished run knows of how its processes ended (harness/observe/ends.ts), for the checks
// and hints that name processes the student forked: every process a snapshot saw, each as first
// seen, with a traced run's processes and real parents (the forker, not the reaper of an orphan).
import type { EndFacts, SeenProcess } from '../harness/observe/ends.js';
import { livePids } from '../harness/observe/ends.js';
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
  const snaps = [...Object.values(obs.samples), ...(obs.final ? [obs.final] : [])];
  for (const p of [...(obs.seen ?? []), ...snaps.flatMap((inv) => inv.processes)]) {
    if (!seen.has(p.pid)) seen.set(p.pid, { pid: p.pid, ppid: p.ppid, comm: p.comm, argv: p.argv });
  }
  const traceExits = new Map<number, { ms: number; exit: ExitInfo }>();
  if (obs.trace) {
    const tree = traceTree(obs.trace);
    for (const [pid, ppid] of tree.parent) {
      const known = seen.get(pid);
      // a child that has not exec'd runs its parent's program
      const program = tree.program.get(pid) ?? (seen.get(ppid)?.argv[0] ?? seen.get(ppid)?.comm ?? '?');
      seen.set(pid, known ? { ...known, ppid } : { pid, ppid, comm: program, argv: [program] });
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
