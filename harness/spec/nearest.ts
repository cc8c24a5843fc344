// "Did you mean": the known name nearest a misspelt one, when it is near enough to be a slip.

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/** The nearest of `known` within a third of the name's length (at least 1), or a prefix of it; undefined when none is that near. */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    if (k === name) continue;
    const d = distance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  if (best === undefined) return undefined;
  const near = bestD <= Math.max(1, Math.floor(name.length / 3));
  const contains = best.length >= 3 && name.toLowerCase().includes(best.toLowerCase());
  return near || contains ? best : undefined;
}
