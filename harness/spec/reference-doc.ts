// docs/spec-reference.md, generated from exercises/schema.json so that the field reference
// cannot drift from what the validator accepts (a test compares the two). Every field is shown by
// its shape: a mapping by its keys (with a section of its own), alternatives each by theirs.
type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  $ref?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  definitions?: Record<string, Schema>;
  title?: string;
};

/** A section for a mapping nested in a field, written after its parent's table. */
interface Section { name: string; schema: Schema }

const anchor = (name: string) => name.toLowerCase().replace(/[^a-z0-9_\- ]/g, '').replace(/ /g, '-');
const alternatives = (s: Schema) => s.oneOf ?? s.anyOf;

/** The keys of a mapping, as written: required ones bare, optional ones with `?`, a choice of keys with `|`. */
function keysOf(s: Schema): string {
  const groups = (alternatives(s) ?? []).map((o) => o.required ?? []).filter((r) => r.length);
  const chosen = new Set(groups.flat());
  const required = (s.required ?? []).filter((k) => !chosen.has(k));
  const optional = Object.keys(s.properties ?? {}).filter((k) => !required.includes(k) && !chosen.has(k));
  const choice = groups.length ? [groups.map((g) => g.join(' + ')).join(' | ')] : [];
  const parts = [...required, ...(choice.length && (required.length || optional.length) ? [`(${choice[0]})`] : choice), ...optional.map((k) => `${k}?`)];
  // a long mapping by its first keys: its section lists them all
  return `{ ${parts.length > 7 ? [...parts.slice(0, 6), '…'].join(', ') : parts.join(', ')} }`;
}

function typeOf(s: Schema, name: string, sections: Section[]): string {
  if (s.$ref) return `[${s.$ref.split('/').pop()}](#${anchor(s.$ref.split('/').pop()!)})`;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.properties) {
    sections.push({ name, schema: s });
    return `[\`${keysOf(s).replace(/\|/g, '\\|')}\`](#${anchor(name)})`;
  }
  const alts = alternatives(s);
  if (alts) {
    // alternatives that are mappings get a section each: numbered only when there are several
    const mappings = alts.filter((a) => a.properties).length;
    return alts.map((a, i) => typeOf({ ...a, description: a.description ?? s.description }, mappings > 1 ? `${name} (form ${i + 1})` : name, sections)).join(' or ');
  }
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items, `${name}[]`, sections) : 'values'}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `map of name → ${typeOf(s.additionalProperties, `${name}.<name>`, sections)}`;
  if (s.type === 'object') return 'mapping of any keys';
  const t = Array.isArray(s.type) ? s.type.join(' or ') : s.type ?? 'any value';
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` (${s.minimum ?? ''}…${s.maximum ?? ''})` : '';
  const pattern = s.pattern ? ` matching \`${s.pattern.replace(/\|/g, '\\|')}\`` : '';
  return `${t}${range}${pattern}`;
}

function table(s: Schema, parent: string, sections: Section[]): string[] {
  const rows = Object.entries(s.properties ?? {}).map(([name, p]) => {
    const req = s.required?.includes(name) ? ' **required**' : '';
    return `| \`${name}\`${req} | ${typeOf(p, `${parent}.${name}`, sections)} | ${(p.description ?? '').replace(/\|/g, '\\|')} |`;
  });
  return rows.length ? ['| field | type | meaning |', '| --- | --- | --- |', ...rows] : [];
}

/** A definition or nested mapping: its description, its table, its choice of keys, then the mappings nested in it. */
function section(out: string[], level: string, name: string, def: Schema): void {
  out.push(`${level} ${name}`, '');
  if (def.description) out.push(def.description, '');
  const nested: Section[] = [];
  const t = table(def, name, nested);
  if (t.length) out.push(...t, '');
  else out.push(`A ${typeOf(def, name, nested)}.`, '');
  const groups = (alternatives(def) ?? []).map((o) => (o.required ?? []).map((r) => `\`${r}\``).join(', ')).filter(Boolean);
  if (def.properties && groups.length) out.push(`${def.oneOf ? 'Exactly one' : 'At least one'} of: ${groups.join('; ')}.`, '');
  for (const n of nested) section(out, '###', n.name, n.schema);
}

export function specReference(schema: Schema): string {
  const out = ['# Spec reference', '', 'Generated from `exercises/schema.json` by `ipclab spec-reference`; do not edit by hand.', 'See docs/authoring.md for how the parts fit together, with examples.', ''];
  section(out, '##', 'exercise', { ...schema, definitions: undefined });
  for (const [name, def] of Object.entries(schema.definitions ?? {})) section(out, '##', name, def);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
