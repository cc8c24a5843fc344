// ${...} substitution: values differ per run so that parallel runs never collide and a
// student cannot hard-code them.
export type Vars = Record<string, string>;

const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*(?::[A-Za-z0-9_.\-[\]]+)?)\}/g;

/** The values every run defines (harness/run/vars.ts makes them; a test says they agree). */
export const RUN_VARS = ['dir', 'key', 'key_hex', 'name', 'key2', 'key2_hex', 'name2', 'key3', 'key3_hex', 'name3'] as const;

export class TemplateError extends Error {}

/** keepPids: leave ${pid:…} for later, when the process it names has started. */
export function template(text: string, vars: Vars, keepPids = false): string {
  return text.replace(PATTERN, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined && keepPids && name.startsWith('pid:')) return whole;
    if (v === undefined) throw new TemplateError(`unknown variable \${${name}} (known: ${Object.keys(vars).filter((k) => !k.includes(':')).join(', ')})`);
    return v;
  });
}

/** Deeply substitutes every string of a JSON-like value. */
export function templateDeep<T>(value: T, vars: Vars): T {
  if (typeof value === 'string') return template(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => templateDeep(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, templateDeep(v, vars)])) as T;
  }
  return value;
}

/** The process labels a JSON-like value names in ${pid:…}, walked the way templateDeep walks it. */
export function pidRefs(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(PATTERN)) if (m[1].startsWith('pid:')) out.push(m[1].slice(4));
  if (Array.isArray(value)) for (const v of value) pidRefs(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) pidRefs(v, out);
  return out;
}
