// docs/spec-reference.md, generated from exercises/schema.json so that the field reference
// cannot drift from what the validator accepts (a test compares the two).
type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  oneOf?: Schema[];
  additionalProperties?: boolean | Schema;
  $ref?: string;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  definitions?: Record<string, Schema>;
  title?: string;
};

function typeOf(s: Schema): string {
  if (s.$ref) return `[${s.$ref.split('/').pop()}](#${s.$ref.split('/').pop()!.toLowerCase()})`;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.oneOf) return s.oneOf.map(typeOf).join(' or ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') return `map of name → ${typeOf(s.additionalProperties)}`;
  const t = Array.isArray(s.type) ? s.type.join(' or ') : s.type ?? 'value';
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` (${s.minimum ?? ''}…${s.maximum ?? ''})` : '';
  return `${t}${range}`;
}

function table(s: Schema): string[] {
  const rows = Object.entries(s.properties ?? {}).map(([name, p]) => {
    const req = s.required?.includes(name) ? ' **required**' : '';
    return `| \`${name}\`${req} | ${typeOf(p)} | ${(p.description ?? '').replace(/\|/g, '\\|')} |`;
  });
  return rows.length ? ['| field | type | meaning |', '| --- | --- | --- |', ...rows] : [];
}

export function specReference(schema: Schema): string {
  const out = ['# Spec reference', '', 'Generated from `exercises/schema.json` by `ipclab spec-reference`; do not edit by hand.', 'See docs/authoring.md for how the parts fit together, with examples.', ''];
  out.push('## exercise', '', schema.description ?? '', '', ...table(schema), '');
  for (const [name, def] of Object.entries(schema.definitions ?? {})) {
    out.push(`## ${name}`, '');
    if (def.description) out.push(def.description, '');
    const t = table(def);
    if (t.length) out.push(...t, '');
    else out.push(`A ${typeOf(def)}.`, '');
    if (def.oneOf && def.properties) out.push(`Exactly one of: ${def.oneOf.map((o) => (o.required ?? []).map((r) => `\`${r}\``).join(', ')).filter(Boolean).join('; ')}.`, '');
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
