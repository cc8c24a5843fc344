// An Observation as JSON and back (recorded runs: test/fixtures/observations/), byte-exact:
// a Buffer as base64, a bigint as its decimal digits, each tagged so nothing else reads as one.
import type { Observation } from './observation.js';

const BYTES = '$ipclab-base64';
const BIG = '$ipclab-bigint';

export function observationToJson(obs: Observation): string {
  return JSON.stringify(obs, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key]; // before Buffer's own toJSON
    if (Buffer.isBuffer(raw)) return { [BYTES]: raw.toString('base64') };
    if (typeof raw === 'bigint') return { [BIG]: raw.toString() };
    return value;
  }, 1);
}

export function observationFromJson(text: string): Observation {
  return JSON.parse(text, (_key, value: unknown) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    const v = (value as Record<string, unknown>)[keys[0]];
    if (keys[0] === BYTES && typeof v === 'string') return Buffer.from(v, 'base64');
    if (keys[0] === BIG && typeof v === 'string') return BigInt(v);
    return value;
  }) as Observation;
}
