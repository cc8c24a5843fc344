// Per-run values for ${...}: fresh keys and names every run.
import { randomInt } from 'node:crypto';
import type { Vars } from '../spec/template.js';

function key(): number {
  // away from 0 (IPC_PRIVATE) and from small keys people use by hand
  return randomInt(0x10000000, 0x7fffffff);
}

export function makeVars(dir: string): Vars {
  const vars: Vars = { dir };
  for (const suffix of ['', '2', '3']) {
    const k = key();
    vars[`key${suffix}`] = String(k);
    vars[`key${suffix}_hex`] = `0x${k.toString(16)}`;
    vars[`name${suffix}`] = `/ipclab-${randomInt(0, 2 ** 32).toString(36)}`;
  }
  return vars;
}
