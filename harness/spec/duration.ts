import type { Duration } from './types.js';

const FORM = /^(\d+(?:\.\d+)?)(ms|s)$/;

export function ms(d: Duration | undefined, fallback: number): number {
  if (d === undefined) return fallback;
  if (typeof d === 'number') return d;
  const m = FORM.exec(d);
  if (!m) throw new Error(`bad duration ${d}`);
  return Number(m[1]) * (m[2] === 's' ? 1000 : 1);
}

const FORMS = 'a duration is a number of milliseconds, like 500, or a number followed by ms or s with no space: "500ms", "2s", "1.5s"';

/** Why a value the schema rejected as a duration is not one, with the fix where it is plain. */
export function durationProblem(v: unknown): string {
  const shown = JSON.stringify(v) ?? String(v);
  const fix = typeof v === 'number' ? numberFix(v) : typeof v === 'string' ? stringFix(v.trim()) : undefined;
  return `${shown} is not a duration${fix ? `: ${fix}` : ''}; ${FORMS}`;
}

function numberFix(v: number): string | undefined {
  return v < 0 ? 'it cannot be negative' : undefined;
}

function stringFix(v: string): string | undefined {
  const m = /^(-?)(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(v);
  if (!m) return undefined;
  const [, minus, n, unit] = m;
  if (minus) return 'it cannot be negative';
  const seconds = Number(n);
  const u = unit.toLowerCase();
  if (!u) return `say the unit: "${n}ms" or "${n}s"`;
  const as = ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'].includes(u) ? 'ms'
    : ['s', 'sec', 'secs', 'second', 'seconds'].includes(u) ? 's' : undefined;
  if (as) return FORM.test(v) ? undefined : `write "${n}${as}"`;
  if (['m', 'min', 'mins', 'minute', 'minutes'].includes(u)) return `minutes are not a unit here: write "${seconds * 60}s"`;
  if (['h', 'hr', 'hour', 'hours'].includes(u)) return `hours are not a unit here: write "${seconds * 3600}s"`;
  return `"${unit}" is not a unit: use ms or s`;
}
