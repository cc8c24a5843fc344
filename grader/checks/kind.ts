// What a check kind is: its part of the spec format and the function that judges it.
import type { CheckKindName, CheckSpecs } from '../../harness/spec/types.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';

/** JSON Schema, as written in exercises/schema.json. */
export type SchemaFragment = { readonly [keyword: string]: unknown };

export interface CheckKind<K extends CheckKindName> {
  /** definitions.check.properties[K] of exercises/schema.json; `npm run schema` writes it there. */
  schema: SchemaFragment;
  run(c: CheckSpecs[K], ctx: CheckContext, title?: string): Finding[];
}
