// Seeded bytes, so that "4 MiB of random bytes" is the same input in every run and on every machine.
const made = new Map<string, Buffer>();
let madeBytes = 0;

/** The same bytes for the same length and seed; kept (up to 64 MiB) for the next run of the test. */
export function randomBytesSeeded(length: number, seed: number): Buffer {
  const key = `${length}/${seed}`;
  const known = made.get(key);
  if (known) return known;
  const out = generate(length, seed);
  if (madeBytes + length <= 64 * 1024 * 1024) {
    made.set(key, out);
    madeBytes += length;
  }
  return out;
}

function generate(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  // xorshift32: fast, deterministic, good enough for test input
  let x = (seed | 0) || 0x9e3779b9;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out.writeInt32LE(x | 0, i);
  }
  for (; i < length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
