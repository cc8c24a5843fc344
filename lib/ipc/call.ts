// What every binding does around a C call (not published): errno into an IpcError, JS bytes into a
// buffer C may read, a mapping's address into a Buffer, koffi's decoded structs tidied.
import { koffi } from './ffi.js';
import { IpcError } from './errors.js';
import type { Bytes, Mapping } from './types.js';

/** Throws the IpcError for `call`, reading errno first (before anything can change it). */
export function fail(call: string): never {
  const e = koffi().errno();
  throw new IpcError(call, e);
}

/** Returns `r` unless it is -1 (the failure value of most calls), then throws. */
export function check(call: string, r: number): number {
  if (r === -1) fail(call);
  return r;
}

/** The bytes of `data` as a Buffer C may read (strings as UTF-8), without a copy when it is one already. */
export function toBuffer(data: Bytes): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** A Mapping over `length` bytes at `addr`: the Buffer reads and writes the memory itself. */
export function mappingOf(addr: bigint, length: number): Mapping {
  const buf = length > 0 ? Buffer.from(koffi().view(addr, length)) : Buffer.alloc(0);
  return { addr, length, buf };
}

/** Drops the padding and reserved fields koffi decodes (`__pad*`, `__unused*`), recursively. */
export function tidy<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) {
    if (/^__(pad|unused)/.test(k)) delete (o as Record<string, unknown>)[k];
    else if (v !== null && typeof v === 'object') tidy(v as object);
  }
  return o;
}

/** The address of a mapping, or the bare address given. */
export function addrOf(m: Mapping | bigint): bigint {
  return typeof m === 'bigint' ? m : m.addr;
}
