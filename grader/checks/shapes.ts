// Causes read from the shape of a failed output: general rules over what was expected and what
// came, never about one exercise. Each returns undefined unless its shape is unmistakable (a
// cause that could be wrong is worse than none), and then the words lead with the cause.
import { plural } from './text.js';

export interface Shape {
  /** A cause id of grader/causes.yaml. */
  cause: string;
  /** Cause first, then the evidence; enough on its own (the report shows no expected/actual block). */
  rationale: string;
  /** Said instead when an earlier finding of the test already named this cause. */
  again?: string;
}

/** Counts of this size come from many increments; below it a wrong number is no lost update. */
const MIN_COUNT = 100;

/**
 * A single number below the expected one, while processes of the test ran at the same time:
 * increments were lost.
 */
export function lostUpdates(want: string, got: string, concurrent: boolean): Shape | undefined {
  const [w, g] = [integerLine(want), integerLine(got)];
  if (w === undefined || g === undefined || !concurrent || w < MIN_COUNT || g < 0n || g >= w) return undefined;
  const missing = w - g;
  const facts = `${missing} ${missing === 1n ? 'increment is' : 'increments are'} missing (got ${g} of ${w})`;
  return {
    cause: 'lost-updates',
    rationale: `lost updates: ${facts}: the processes changed the count at the same time without holding the lock, so some increments overwrote others`,
    again: `lost updates again: ${facts}`,
  };
}

function integerLine(s: string): bigint | undefined {
  const m = /^(-?\d{1,30})\n?$/.exec(s);
  return m ? BigInt(m[1]) : undefined;
}

interface Counted { label: string; value: number }

/** Lines "<label> <integer>"; others (a header, a total) are skipped. */
function counted(lines: string[]): Counted[] {
  return lines.flatMap((l) => {
    const m = /^([A-Za-z_][\w-]*) (\d{1,15})$/.exec(l);
    return m ? [{ label: m[1], value: Number(m[2]) }] : [];
  });
}

/**
 * Expected: processes taking turns on one counter (values rise by one from line to line, under
 * at least two labels). Got: each label counts up on its own, and the labels repeat each other's
 * values — every process saw only its own changes.
 */
export function ownCopy(wantLines: string[], gotLines: string[]): Shape | undefined {
  const want = counted(wantLines);
  const labels = new Set(want.map((c) => c.label));
  if (want.length < 2 || labels.size < 2 || !want.every((c, i) => i === 0 || c.value === want[i - 1].value + 1)) return undefined;
  const got = counted(gotLines);
  const own = new Map<string, number[]>();
  for (const c of got) own.set(c.label, [...(own.get(c.label) ?? []), c.value]);
  const counters = [...own.entries()].filter(([, vs]) => vs.length >= 2);
  if (counters.length < 2 || !counters.some(([l]) => labels.has(l)) || !counters.every(([, vs]) => vs.every((v, i) => i === 0 || v === vs[i - 1] + 1))) return undefined;
  const [[a, av], [b, bv]] = counters;
  if (!av.some((v) => bv.includes(v))) return undefined;
  const seq = (vs: number[]) => `${vs.slice(0, 4).join(', ')}${vs.length > 4 ? ', …' : ''}`;
  // the same lines as one counter would have numbered them
  const shared = got.slice(0, 3).map((c, i) => `${c.label} ${got[0].value + i}`).join(', ');
  return {
    cause: 'own-copy',
    rationale: `each process sees its own copy of the counter: the "${a}" lines count ${seq(av)} and the "${b}" lines count ${seq(bv)}, each only its own increments, where one counter shared by both gives ${shared}, …`,
    again: `each process sees its own copy of the counter again ("${a}" ${seq(av)}; "${b}" ${seq(bv)})`,
  };
}

/** How output bytes that should equal an input differ: a cause when the shape shows one. */
export function byteShape(src: Buffer, got: Buffer, at: number): Shape | undefined {
  // a C string loses what follows its NUL: the output comes short (one of equal size that first
  // differs on a NUL is random data that happened to hold one there)
  if (at < src.length && src[at] === 0 && got.length < src.length) {
    return {
      cause: 'nul-divergence',
      rationale: `the output matches the input up to byte ${at}, where the input has a NUL byte ('\\0'); from there on it differs (${got.length} of ${plural(src.length, 'byte')} arrived): the copy treats the data as a C string, but the input is binary`,
      again: `the output again differs from byte ${at} on, where the input has a NUL byte`,
    };
  }
  if (got.length !== src.length) return undefined;
  const later = laterBlock(src, got, at);
  if (later === undefined) return undefined;
  return {
    cause: 'blocks-overwritten',
    rationale: `the right amount of data (${plural(src.length, 'byte')}) but different bytes from byte ${at} on: there the output holds the input's bytes from byte ${later}, so blocks were overwritten by later ones before they were copied`,
    again: `blocks were overwritten again: from byte ${at} on the output holds the input's bytes from byte ${later}`,
  };
}

/** Where in the input, past `at`, the output's bytes at `at` come from (a later block), if anywhere. */
function laterBlock(src: Buffer, got: Buffer, at: number): number | undefined {
  const probe = got.subarray(at, at + 32);
  if (probe.length < 16) return undefined;
  const k = src.indexOf(probe, at + 1);
  return k > at ? k : undefined;
}
