// Seeded bytes, so that "4 MiB of random bytes" is the same input in every run and on every machine.
export function randomBytesSeeded(length: number, seed: number): Buffer {
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
