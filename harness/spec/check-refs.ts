// What each check kind names in its test (processes, streams, samples) and the patterns it holds,
// so validation can reject a dangling name or a pattern RE2 cannot run at its line and column.
// This lives in harness/spec, not beside the kind's run function in grader/checks/<kind>.ts,
// because loading a spec must not depend on the grader: the grader imports the spec, never back.
// The mapped type makes the compiler reject a kind declared in CheckSpecs but missing here.
import type { Check, CheckKindName, CheckSpecs } from './types.js';

export type PathPart = string | number;

/** A name a check refers to; `path` is relative to the kind's object (`exit:`, `output:`, …). */
/** `process`: one of the test's processes; `ref`: a process reference (harness/observe/refs.ts), which may also name programs and their relations. */
export interface Reference { to: 'process' | 'ref' | 'stream' | 'sample'; name: string | undefined; path: PathPart[] }
export interface PatternAt { path: PathPart[]; pattern: string }
export interface Problem { path: PathPart[]; message: string }

export interface CheckRefs<K extends CheckKindName> {
  refs(c: CheckSpecs[K]): Reference[];
  /** Regexes it holds, if any (checked for RE2 at load time). */
  patterns?(c: CheckSpecs[K]): PatternAt[];
  /** Rules the schema cannot say. */
  problems?(c: CheckSpecs[K]): Problem[];
}

const proc = (name: string | undefined, ...path: PathPart[]): Reference => ({ to: 'process', name, path });
const ref = (name: string | undefined, ...path: PathPart[]): Reference => ({ to: 'ref', name, path });
const stream = (name: string | undefined): Reference => ({ to: 'stream', name, path: ['stream'] });
const sample = (name: string | undefined): Reference => ({ to: 'sample', name, path: ['sample'] });

export const CHECK_REFS: { [K in CheckKindName]: CheckRefs<K> } = {
  exit: {
    refs: (c) => [ref(c.process, 'process')],
    problems: (c) => (c.code === undefined && c.signal === undefined ? [{ path: [], message: 'say the expected `code` or `signal`' }] : []),
  },
  output: {
    refs: (c) => [{ to: 'stream', name: c.stream, path: ['stream'] }, proc(c.same_bytes_as_stdin_of, 'same_bytes_as_stdin_of')],
    patterns: (c) => [
      ...(c.matches !== undefined ? [{ path: ['matches'], pattern: c.matches }] : []),
      ...(c.lines_from ?? []).map((pattern, i) => ({ path: ['lines_from', i], pattern })),
      ...(c.order ?? []).flatMap((pair, i) => pair.map((pattern, j) => ({ path: ['order', i, j], pattern }))),
    ],
  },
  sysv: { refs: (c) => [sample(c.sample)] },
  posix: { refs: (c) => [sample(c.sample)] },
  blocked: { refs: (c) => [ref(c.process, 'process'), sample(c.sample)] },
  files: { refs: () => [] },
  children: { refs: (c) => [ref(c.process, 'process'), sample(c.sample)] },
  pipe: {
    refs: (c) => [ref(c.from, 'from'), ref(c.to, 'to'), sample(c.sample)],
    problems: (c) => (c.from === undefined && c.to === undefined ? [{ path: [], message: 'say `from` (the writer), `to` (the reader), or both' }] : []),
  },
  fds: {
    refs: (c) => [ref(c.process, 'process'), stream(c.stream), sample(c.sample)],
    problems: (c) => (c.only === undefined && (c.fd === undefined || c.stream === undefined) ? [{ path: [], message: 'say `fd` and `stream`, or `only`' }] : []),
  },
  mapping: { refs: (c) => [...c.processes.map((p, i) => ref(p, 'processes', i)), sample(c.sample)] },
  wrote: { refs: (c) => [ref(c.process, 'process'), stream(c.stream), sample(c.sample)] },
  trace: {
    refs: (c) => [ref(c.stdout_from, 'stdout_from'), stream(c.stream), ref(c.process, 'process'), ref(c.pipe?.from, 'pipe', 'from'), ref(c.pipe?.to, 'pipe', 'to')],
    problems: (c) => {
      const asked = [c.stdout_from !== undefined, c.message_types !== undefined, c.pipe !== undefined].filter(Boolean).length;
      if (asked !== 1) return [{ path: [], message: 'say exactly one of `stdout_from` (with `stream`), `message_types` (with `process`), or `pipe`' }];
      if (c.stdout_from !== undefined && c.stream === undefined) return [{ path: [], message: '`stdout_from` needs the `stream` it judges' }];
      if (c.message_types !== undefined && c.process === undefined) return [{ path: [], message: '`message_types` needs the `process` whose receives it judges' }];
      return [];
    },
  },
  exit_order: { refs: (c) => [ref(c.first, 'first'), ref(c.then, 'then')] },
};

export function isCheckKind(key: string): key is CheckKindName {
  return Object.hasOwn(CHECK_REFS, key);
}

/** The kinds a check holds, in the order written (the schema allows exactly one). */
export function kindsOf(c: Check): CheckKindName[] {
  return Object.keys(c).filter(isCheckKind).filter((k) => c[k] !== undefined);
}

export function referencesOf<K extends CheckKindName>(kind: K, spec: CheckSpecs[K]): Reference[] {
  return CHECK_REFS[kind].refs(spec);
}

export function patternsOf<K extends CheckKindName>(kind: K, spec: CheckSpecs[K]): PatternAt[] {
  return CHECK_REFS[kind].patterns?.(spec) ?? [];
}

export function problemsOf<K extends CheckKindName>(kind: K, spec: CheckSpecs[K]): Problem[] {
  return CHECK_REFS[kind].problems?.(spec) ?? [];
}
