// The grammar of a process reference, as a spec writes it (resolved over a snapshot by
// harness/observe/refs.ts): `NAME`, `[PROGRAM] child of REF`, `[PROGRAM] descendant of REF`.
export type ProcessRef =
  | { kind: 'name'; name: string }
  | { kind: 'related'; relation: 'child' | 'descendant'; program?: string; of: ProcessRef };

const RELATED = /^(?:(\S+)\s+)?(child|descendant)\s+of\s+(\S.*)$/;
const NAME = /^[^\s]+$/;

/** The reference a spec wrote, or a sentence saying why it is not one. */
export function parseRef(text: string): ProcessRef | string {
  const t = text.trim();
  const m = RELATED.exec(t);
  if (m) {
    const of = parseRef(m[3]);
    if (typeof of === 'string') return of;
    return { kind: 'related', relation: m[2] as 'child' | 'descendant', ...(m[1] ? { program: m[1] } : {}), of };
  }
  if (NAME.test(t) && t !== 'child' && t !== 'descendant' && t !== 'of') return { kind: 'name', name: t };
  return `"${text}" is not a process: write a process of the test, a program name, or "[PROGRAM] child of NAME" / "[PROGRAM] descendant of NAME"`;
}

/** Like parseRef, for references the spec's validation already accepted. */
export function refOf(text: string): ProcessRef {
  const r = parseRef(text);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

/** The names a reference is built on (each must be a process of the test or a program). */
export function baseNames(r: ProcessRef): string[] {
  return r.kind === 'name' ? [r.name] : baseNames(r.of);
}

