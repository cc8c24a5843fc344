// The catalogue of cause ids (grader/causes.yaml): hints, findings and known solutions name one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { yamlLib } from '../harness/lazy.js';
import { packageRoot } from '../harness/settings.js';

export const causesFile = (): string => join(packageRoot(), 'grader', 'causes.yaml');

let catalogue: ReadonlyMap<string, string> | undefined;

/** id → its one-line meaning, in the file's order. */
export function causes(): ReadonlyMap<string, string> {
  catalogue ??= parseCauses(readFileSync(causesFile(), 'utf8'));
  return catalogue;
}

export function parseCauses(text: string): Map<string, string> {
  const data: unknown = yamlLib().parse(text);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${causesFile()}: must map each cause id to its meaning`);
  const out = new Map<string, string>();
  for (const [id, meaning] of Object.entries(data)) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || typeof meaning !== 'string' || !meaning) throw new Error(`${causesFile()}: "${id}" needs a lower-case id and a one-line meaning`);
    out.set(id, meaning);
  }
  return out;
}

/** Why `id` is not a cause (undefined when it is one). */
export function unknownCause(id: string): string | undefined {
  return causes().has(id) ? undefined : `unknown cause "${id}" (grader/causes.yaml lists ${[...causes().keys()].join(', ')})`;
}
