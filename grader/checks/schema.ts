// exercises/schema.json stays the one schema file (ajv, editors and kits read it), but its check
// kinds are written from the registry: each kind's fragment lives beside its run function.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { CHECKS } from './index.js';
import { causes } from '../causes.js';

type Json = { [key: string]: unknown };

const TITLE = { type: 'string', description: 'What students read for this check (default: derived from the expectation).' };
const WHY = { type: 'string', description: 'The sentence of the contract this check enforces, said after the cause when it fails ("the contract says the child, not the parent, writes standard output").' };

export const schemaFile = (): string => join(packageRoot(), 'exercises', 'schema.json');

/** The schema with definitions.check's properties and oneOf made from the registry (key order kept). */
export function withCheckKinds(schema: Json): Json {
  const defs = schema.definitions as Json;
  const check = defs.check as Json;
  const kinds = Object.keys(CHECKS) as Array<keyof typeof CHECKS>;
  const properties = { title: TITLE, why: WHY, ...Object.fromEntries(kinds.map((k) => [k, CHECKS[k].schema])) };
  const oneOf = kinds.map((k) => ({ required: [k] }));
  return { ...schema, definitions: { ...defs, check: { ...check, properties, oneOf } } };
}

/** As the file is written: two-space JSON, non-ASCII as \u escapes, a final newline. */
export function renderSchema(schema: Json): string {
  const text = JSON.stringify(schema, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `${text}\n`;
}

/** The schema with definitions.cause's enum made from grader/causes.yaml, so a spec naming an unknown cause fails validation at its line. */
export function withCauses(schema: Json): Json {
  const defs = schema.definitions as Json;
  return { ...schema, definitions: { ...defs, cause: { ...(defs.cause as Json), enum: [...causes().keys()] } } };
}

export function generatedSchema(file = schemaFile()): string {
  return renderSchema(withCauses(withCheckKinds(JSON.parse(readFileSync(file, 'utf8')) as Json)));
}

/** `npm run schema`: rewrite exercises/schema.json after adding or changing a check kind. */
export function writeSchema(file = schemaFile()): void {
  writeFileSync(file, generatedSchema(file));
}
