// A mutation report in words: the score, then each survivor as its key, location and diff.
import type { MutantResult, MutationReport } from './run.js';

export function renderMutation(r: MutationReport): string {
  const n = (s: MutantResult['outcome']['status']) => r.results.filter((x) => x.outcome.status === s);
  const killed = n('killed').length;
  const survivors = n('survived');
  const compiled = killed + survivors.length;
  const score = r.score === undefined ? 'no mutant to score' : `mutation score ${Math.round(r.score * 100)}%`;
  const lines = [`${r.exercise}: ${score} (${killed} killed of ${compiled} compiled; ${n('uncompiled').length} did not compile; ${n('equivalent').length} declared equivalent${n('error').length ? `; ${n('error').length} could not be graded` : ''}) in ${(r.durationMs / 1000).toFixed(1)} s`];
  const by = new Map<string, number>();
  for (const x of n('killed')) if (x.outcome.status === 'killed') by.set(x.outcome.by, (by.get(x.outcome.by) ?? 0) + 1);
  if (by.size) lines.push(`  killed by: ${[...by].map(([t, k]) => `${t} ${k}`).join(', ')}`);
  for (const x of survivors) {
    const m = x.mutant;
    lines.push(`  ✘ survived ${m.key} (${m.file}:${m.line}, ${m.operator}: ${m.what})`);
    lines.push(...m.diff.split('\n').filter((l) => l).map((l) => `      ${l}`));
  }
  for (const x of n('error')) if (x.outcome.status === 'error') lines.push(`  ! not graded ${x.mutant.key} (${x.mutant.file}:${x.mutant.line}): ${x.outcome.reason.split('\n')[0]}`);
  for (const k of r.unmatched) lines.push(`  ! declared equivalent ${k} matches no mutant (the solution changed?)`);
  return lines.join('\n');
}

/** One progress line (for a TTY, rewritten in place). */
export function progressLine(exercise: string, done: number, total: number, results: MutantResult[]): string {
  const k = results.filter((r) => r.outcome.status === 'killed').length;
  const s = results.filter((r) => r.outcome.status === 'survived').length;
  return `${exercise}: ${done}/${total} mutants graded, ${k} killed, ${s} survived`;
}
