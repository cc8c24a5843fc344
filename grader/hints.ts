// Known failure signatures → hints. Data, not code paths: exercise hints, then the general catalogue.
import { yamlLib } from '../harness/lazy.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import { callMatches } from '../harness/observe/syscalls.js';
import type { Observation } from '../harness/run/observation.js';
import type { Hint, TestSpec } from '../harness/spec/types.js';
import { normalSignal } from './checks/exit.js';
import { compile } from '../harness/spec/regex.js';
import { signalHints } from './wording.js';

/** Terminations by a limit rather than a hang: a `timeout` hint is not about them. */
const LIMIT_REASONS = new Set(['output-limit', 'disk-limit', 'memory-limit']);

let general: Hint[] | undefined;
function generalHints(): Hint[] {
  // a signal's hint is worded beside its short meaning (wording.ts); the rest is data
  general ??= [...signalHints(), ...(yamlLib().parse(readFileSync(join(packageRoot(), 'grader', 'hints.yaml'), 'utf8')) as Hint[])];
  return general;
}


/** The exercise's own hints that match; the general catalogue's only when none of those does. */
export function matchHints(test: TestSpec, obs: Observation, exerciseHints: Hint[] = []): string[] {
  const own = matching(test, obs, exerciseHints);
  return (own.length ? own : matching(test, obs, generalHints())).slice(0, 3);
}

function matching(test: TestSpec, obs: Observation, hints: Hint[]): string[] {
  const out: string[] = [];
  for (const h of hints) {
    const w = h.when;
    if (w.test !== undefined && w.test !== test.name) continue;
    if (w.timeout !== undefined && w.timeout !== !!obs.termination && !LIMIT_REASONS.has(obs.termination?.reason ?? '')) continue;
    if (w.blocked) {
      const ok = obs.diagnosis?.processes.some((p) => p.state === 'blocked' && !!p.call && callMatches(w.blocked!.call, p.call) && (w.blocked!.process === undefined || p.label === w.blocked!.process || p.label.startsWith(`${w.blocked!.process}[`) || p.program === w.blocked!.process));
      if (!ok) continue;
    }
    if (w.signal && !obs.processes.some((p) => p.exit?.signal === normalSignal(w.signal!.signal) && !p.killedBy && (w.signal!.process === undefined || p.name === w.signal!.process))) continue;
    if (w.leftover && !obs.leftovers.some((l) => l.kind === w.leftover)) continue;
    if (w.output) {
      const s = obs.streams[w.output.stream];
      if (!s || !compile(w.output.matches, 'm').test(s.head.toString())) continue;
    }
    if (!out.includes(h.text)) out.push(h.text);
  }
  return out;
}
