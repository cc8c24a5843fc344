// Loads exercise.yaml with source positions and validates it, so that every error names
// file, line, column and field.
import { readFileSync, readdirSync, existsSync, statSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, relative } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Node as YamlNode, Document, LineCounter as LineCounterType } from 'yaml';
import { lazy, yamlLib } from '../lazy.js';

const ajvLib = lazy<typeof import('ajv')>('ajv');
const formatsLib = lazy<{ default: (a: unknown) => void }>('ajv-formats');
import type { ExerciseSpec, HintWhen, TestSpec } from './types.js';
import { MAX_ALIAS_COUNT, MAX_DEPTH, readSpecText, SpecFileError, tooDeep } from './limits.js';
import { patternErrors, type PathPart } from './patterns.js';
import { kindsOf, problemsOf, referencesOf } from './check-refs.js';
import { baseNames, parseRef } from './process-ref.js';
import { templateProblems } from './template-refs.js';
import { nearest } from './nearest.js';
import { durationProblem } from './duration.js';
import { indentProblem } from './indentation.js';
import { packageRoot, settings } from '../settings.js';

export interface SpecError {
  file: string;
  /** 0 for a problem with the file as a whole. */
  line: number;
  column: number;
  field: string;
  message: string;
}

export class SpecErrors extends Error {
  constructor(readonly errors: SpecError[]) {
    super(errors.map(formatSpecError).join('\n'));
    this.name = 'SpecErrors';
  }
}

export function formatSpecError(e: SpecError): string {
  if (!e.line) return `${e.file}: ${e.message}`;
  return `${e.file}:${e.line}:${e.column}: ${e.field ? `${e.field}: ` : ''}${e.message}`;
}

/** One error about the whole file (too large, a symlink, an alias bomb). */
function fileError(file: string, message: string): SpecErrors {
  return new SpecErrors([{ file, line: 0, column: 0, field: '', message }]);
}

export interface LoadedExercise {
  spec: ExerciseSpec;
  dir: string;
  file: string;
}

let validator: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } | undefined;
function validate() {
  if (!validator) {
    // verbose: an error carries the value and its schema (a duration's value, the fields a misspelt one may mean)
    const ajv = new (ajvLib().Ajv)({ allErrors: true, strict: false, verbose: true });
    formatsLib().default(ajv);
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'exercises', 'schema.json'), 'utf8'));
    validator = ajv.compile(schema);
  }
  return validator;
}

function pointerToPath(pointer: string): PathPart[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function fieldName(path: PathPart[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/** Where the node at `path` starts (its key's, with keyOf); with `needle`, where that text starts inside it. */
function position(doc: Document, lc: LineCounterType, path: PathPart[], keyOf?: string, needle?: { text: string; source: string }): { line: number; col: number } {
  const { isMap, isSeq, isNode, isPair } = yamlLib();
  let node: unknown = doc.contents;
  let best: unknown = node;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && (isNode(it.key) ? (it.key as { value?: unknown }).value : it.key) === part);
      if (!pair) break;
      node = pair.value;
      best = isNode(pair.value) ? pair.value : pair.key;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      if (node) best = node;
      else break;
    } else break;
  }
  if (keyOf && isMap(node)) {
    const pair = node.items.find((it) => isPair(it) && isNode(it.key) && (it.key as { value?: unknown }).value === keyOf);
    if (pair && isNode(pair.key)) best = pair.key;
  }
  const range = isNode(best) ? (best as YamlNode).range : undefined;
  const inside = range && needle ? needle.source.slice(range[0], range[1]).indexOf(needle.text) : -1;
  const p = lc.linePos(range ? range[0] + Math.max(inside, 0) : 0);
  return { line: p.line, col: p.col };
}

function describeAjvError(e: ErrorObject): string {
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const guess = nearest(name, Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}));
      return `unknown field "${name}"${guess ? `; did you mean "${guess}"?` : ''}`;
    }
    case 'required':
      return `missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'enum':
      return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${(e.params as { type: string }).type}`;
    case 'oneOf':
      if (e.schemaPath === '#/definitions/duration/oneOf') return durationProblem(e.data);
      return 'must have exactly one of the alternative forms (see exercises/schema.json)';
    case 'pattern':
      return `must match ${(e.params as { pattern: string }).pattern}`;
    case 'format':
      return `must be a valid ${(e.params as { format: string }).format}`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Keep the errors that say most: a oneOf failure is noise when a branch error is more specific. */
function pruneErrors(errors: ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if' && !e.schemaPath.includes('/oneOf/'));
  const kept: ErrorObject[] = [...specific];
  for (const e of errors) {
    if (e.keyword === 'oneOf' && !specific.some((s) => s.instancePath.startsWith(e.instancePath))) {
      // inside a oneOf, report the branch errors that are about unknown or missing fields
      const branch = errors.filter((b) => b.schemaPath.startsWith(e.schemaPath.replace(/\/oneOf$/, '/oneOf/')) && b.instancePath.startsWith(e.instancePath) && (b.keyword === 'additionalProperties' || b.keyword === 'enum'));
      kept.push(...(branch.length ? branch : [e]));
    }
  }
  const seen = new Set<string>();
  return kept.filter((e) => {
    const k = `${e.instancePath}|${describeAjvError(e)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function loadExerciseFile(file: string, displayRoot = process.cwd()): LoadedExercise {
  const text = specText(file, displayRoot);
  // a spec that validated before, byte for byte, is taken from the cache: parsing and
  // validating the large ones costs more than everything else a small grading does
  const key = specCacheKey(text);
  const cached = readSpecCache(key);
  if (cached) return { spec: cached, dir: join(file, '..'), file };
  const loaded = parseAndValidate(file, text, displayRoot);
  writeSpecCache(key, loaded.spec);
  return loaded;
}

const shownPath = (file: string, displayRoot: string) => relative(displayRoot, file) || file;

function specText(file: string, displayRoot: string): string {
  try {
    return readSpecText(file);
  } catch (err) {
    if (err instanceof SpecFileError) throw fileError(shownPath(err.folder ? dirname(file) : file, displayRoot), err.message);
    throw err;
  }
}

function parseAndValidate(file: string, text: string, displayRoot: string): LoadedExercise {
  const shown = shownPath(file, displayRoot);
  const { LineCounter, parseDocument } = yamlLib();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const errors: SpecError[] = [];
  const at = (offset: number, message: string) => {
    const p = lc.linePos(offset);
    errors.push({ file: shown, line: p.line, column: p.col, field: '', message });
  };
  // the yaml package turns its own stack overflow into a parse error: say what caused it
  const said = new Set<string>();
  for (const e of doc.errors) {
    const indent = indentProblem(text, e.code, lc.linePos(e.pos[0]).line);
    if (indent) {
      // one wrong line makes the parser say several things: say it once, in the author's terms
      if (!said.has(`${indent.line}:${indent.column}`)) errors.push({ file: shown, line: indent.line, column: indent.column, field: '', message: indent.message });
      said.add(`${indent.line}:${indent.column}`);
      continue;
    }
    at(e.pos[0], /call stack/i.test(e.message) ? `nested too deeply (more than ${MAX_DEPTH} levels)` : e.message.split('\n')[0]);
  }
  const deep = errors.length ? undefined : tooDeep(doc);
  if (deep) at(deep.range?.[0] ?? 0, `nested too deeply (more than ${MAX_DEPTH} levels)`);
  if (errors.length) throw new SpecErrors(errors);
  const data = toData(doc, shown);
  const v = validate();
  if (!v(data)) {
    for (const e of pruneErrors(v.errors ?? [])) {
      const path = pointerToPath(e.instancePath);
      const key = e.keyword === 'additionalProperties' ? (e.params as { additionalProperty: string }).additionalProperty : undefined;
      const pos = position(doc, lc, path, key);
      errors.push({ file: shown, line: pos.line, column: pos.col, field: fieldName(key ? [...path, key] : path), message: describeAjvError(e) });
    }
    throw new SpecErrors(errors);
  }
  const spec = data as ExerciseSpec;
  for (const s of semanticErrors(spec, helperNames(join(file, '..')))) {
    const pos = position(doc, lc, s.path, undefined, s.at === undefined ? undefined : { text: s.at, source: text });
    errors.push({ file: shown, line: pos.line, column: pos.col, field: fieldName(s.path), message: s.message });
  }
  if (errors.length) throw new SpecErrors(errors);
  return { spec, dir: join(file, '..'), file };
}

/** The document's data; aliases expand at most MAX_ALIAS_COUNT times (no "billion laughs"). */
function toData(doc: Document, shown: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const why = err instanceof ReferenceError && /alias/i.test(err.message) ? `its YAML aliases expand more than ${MAX_ALIAS_COUNT} times (an alias bomb?)` : err instanceof Error ? err.message : String(err);
    throw fileError(shown, why);
  }
}

/** The exercise's helper programs (helpers/<name>, or helpers/<name>.c compiled to <name>). */
function helperNames(dir: string): string[] {
  const h = join(dir, 'helpers');
  return existsSync(h) ? readdirSync(h).map((f) => f.replace(/\.c$/, '')).sort() : [];
}

/** Programs a bare name in a process reference may mean: the exercise's, its helpers, and every command a test runs. */
function programNames(spec: ExerciseSpec, helpers: string[]): Set<string> {
  const run = spec.tests.flatMap((t) => Object.values(t.processes).map((p) => basename(p.run[0] ?? '')));
  return new Set([...spec.programs, ...helpers, ...run, 'sh']);
}

/** "; did you mean …?" for a name near one of `known`, else nothing. */
function didYouMean(name: string, known: Iterable<string>): string {
  const guess = nearest(name, known);
  return guess ? `; did you mean "${guess}"?` : '';
}

/**
 * What is wrong with a process reference: its grammar, and each name it starts from, which must be
 * a process of the test (`procs`) or a program. `where` ends the message ("in this test").
 */
function refProblems(text: string | undefined, procs: Set<string>, programs: Set<string>, where: string): string[] {
  if (text === undefined) return [];
  const r = parseRef(text);
  if (typeof r === 'string') return [r];
  return baseNames(r).filter((n) => !procs.has(n) && !programs.has(n))
    .map((n) => `no process or program named "${n}" ${where} (processes: ${[...procs].join(', ')}; programs: ${[...programs].join(', ')})${didYouMean(n, [...procs, ...programs])}`);
}

/** The reference, when it can name a process the test did not start itself (a program, "child of …"). */
function forkedRef(text: string, procs: Set<string>): string | undefined {
  const r = parseRef(text);
  return typeof r !== 'string' && !(r.kind === 'name' && procs.has(r.name)) ? text : undefined;
}

/**
 * The processes and tests the exercise's hints name: a hint is about any test, so a process is
 * one of any test's, or a program; a misspelt name would make the hint never match, silently.
 */
function hintErrors(spec: ExerciseSpec, programs: Set<string>): Array<{ path: PathPart[]; message: string }> {
  const procs = new Set(spec.tests.flatMap((t) => Object.keys(t.processes)));
  const tests = spec.tests.map((t) => t.name);
  const out: Array<{ path: PathPart[]; message: string }> = [];
  const walk = (w: HintWhen, path: PathPart[]): void => {
    const ref = (text: string | undefined, ...at: PathPart[]) => {
      for (const message of refProblems(text, procs, programs, 'in any test')) out.push({ path: [...path, ...at], message });
    };
    ref(w.blocked?.process, 'blocked', 'process');
    ref(w.signal?.process, 'signal', 'process');
    ref(w.exit?.process, 'exit', 'process');
    const named = w.test === undefined ? [] : ([] as string[]).concat(w.test);
    for (const n of named.filter((x) => !tests.includes(x))) out.push({ path: [...path, 'test'], message: `no test named "${n}"${didYouMean(n, tests)}` });
    w.all?.forEach((x, i) => walk(x, [...path, 'all', i]));
    w.any?.forEach((x, i) => walk(x, [...path, 'any', i]));
    if (w.not) walk(w.not, [...path, 'not']);
  };
  (spec.hints ?? []).forEach((h, i) => walk(h.when, ['hints', i, 'when']));
  return out;
}

/** References the schema cannot express: processes, streams and samples named in steps and checks; patterns RE2 cannot run. */
function semanticErrors(spec: ExerciseSpec, helpers: string[] = []): Array<{ path: PathPart[]; message: string; at?: string }> {
  const programs = programNames(spec, helpers);
  const out: Array<{ path: PathPart[]; message: string; at?: string }> = [...patternErrors(spec), ...templateProblems(spec), ...hintErrors(spec, programs)];
  const exerciseTraced = spec.trace;
  const names = new Set<string>();
  spec.tests.forEach((t: TestSpec, ti) => {
    if (names.has(t.name)) out.push({ path: ['tests', ti, 'name'], message: `duplicate test name "${t.name}"` });
    names.add(t.name);
    const procs = new Set(Object.keys(t.processes));
    const streams = new Set<string>();
    for (const [name, p] of Object.entries(t.processes)) {
      streams.add(p.stdout ?? name);
      streams.add(p.stderr ?? `${name}.stderr`);
      streams.add(name);
      streams.add(`${name}.stderr`);
    }
    const samples = new Set((t.script ?? []).flatMap((s) => (s.sample ? [s.sample] : [])));
    const needProc = (name: string | undefined, path: PathPart[]) => {
      if (name !== undefined && !procs.has(name)) out.push({ path, message: `no process named "${name}" in this test (it has ${[...procs].join(', ')})${didYouMean(name, procs)}` });
    };
    const needStream = (name: string | undefined, path: PathPart[]) => {
      if (name !== undefined && !streams.has(name)) out.push({ path, message: `no stream named "${name}" in this test (it has ${[...streams].join(', ')})` });
    };
    const needRef = (text: string | undefined, path: PathPart[]) => {
      for (const message of refProblems(text, procs, programs, 'in this test')) out.push({ path, message });
    };
    const needSample = (name: string | undefined, path: PathPart[]) => {
      if (name !== undefined && !samples.has(name)) out.push({ path, message: `no step samples "${name}" in this test` });
    };
    const conditionRefs = (c: NonNullable<TestSpec['script']>[number]['wait'], path: PathPart[]): void => {
      if (!c) return;
      needStream(c.output?.stream, [...path, 'output', 'stream']);
      needRef(c.blocked?.process, [...path, 'blocked', 'process']);
      needRef(c.exited, [...path, 'exited']);
      needRef(c.stopped, [...path, 'stopped']);
      c.all?.forEach((sub, i) => conditionRefs(sub, [...path, 'all', i]));
      c.any?.forEach((sub, i) => conditionRefs(sub, [...path, 'any', i]));
    };
    for (const [program, helper] of Object.entries(t.replace ?? {})) {
      if (!spec.programs.includes(program)) out.push({ path: ['tests', ti, 'replace', program], message: `"${program}" is not a program of this exercise (programs: ${spec.programs.join(', ')}): only a student program can be replaced` });
      if (!helpers.includes(helper)) out.push({ path: ['tests', ti, 'replace', program], message: `no helper named "${helper}" (helpers/${helper} or helpers/${helper}.c)${helpers.length ? `; the exercise's helpers: ${helpers.join(', ')}` : ''}` });
    }
    (t.script ?? []).forEach((s, si) => {
      const base: PathPart[] = ['tests', ti, 'script', si];
      for (const p of s.start === undefined ? [] : Array.isArray(s.start) ? s.start : [s.start]) needProc(p, [...base, 'start']);
      needRef(s.signal?.process, [...base, 'signal', 'process']);
      needProc(s.send?.process, [...base, 'send', 'process']);
      conditionRefs(s.wait, [...base, 'wait']);
    });
    const need = { process: needProc, ref: needRef, stream: needStream, sample: needSample };
    t.checks.forEach((c, ci) => {
      for (const kind of kindsOf(c)) {
        const base: PathPart[] = ['tests', ti, 'checks', ci, kind];
        // a trace check of an untraced test could only ever fail: the spec is wrong, not the student
        if (kind === 'trace' && !(t.trace ?? exerciseTraced)) out.push({ path: base, message: 'a `trace:` check needs the test (or the exercise) to say `trace: true`' });
        // how a forked process ended is seen by its parent's wait, not by ipclab, unless traced (or orphaned: a bug)
        const forked = kind === 'exit' && !refProblems(c.exit!.process, procs, programs, '').length ? forkedRef(c.exit!.process, procs) : undefined;
        if (forked && !(t.trace ?? exerciseTraced)) out.push({ path: [...base, 'process'], message: `an \`exit\` check on "${forked}", a process the student's program starts, needs the test (or the exercise) to say \`trace: true\`: only a trace shows how a process ended that its parent waited for` });
        const spec = c[kind]!;
        for (const r of referencesOf(kind, spec)) need[r.to](r.name, [...base, ...r.path]);
        for (const p of problemsOf(kind, spec)) out.push({ path: [...base, ...p.path], message: p.message });
      }
    });
  });
  return out;
}

/** Every exercise.yaml under a folder (or the file itself). */
export function findExerciseFiles(path: string): string[] {
  if (!existsSync(path)) throw fileError(path, 'no such file or folder');
  if (!statSync(path).isDirectory()) return [path];
  const direct = join(path, 'exercise.yaml');
  if (existsSync(direct)) return [direct];
  // a symlinked exercise folder is listed, so that loading it names it instead of skipping it
  return readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isDirectory() || d.isSymbolicLink())
    .map((d) => join(path, d.name, 'exercise.yaml'))
    .filter((f) => existsSync(f))
    .sort();
}

export function exercisesDir(): string {
  return join(packageRoot(), 'exercises');
}

/** The exercises of a folder; with `only`, just those (the others are not even parsed). */
export function loadCatalogue(dir = exercisesDir(), only?: string[]): LoadedExercise[] {
  return findExerciseFiles(dir)
    .filter((f) => !only || only.includes(basename(dirname(f))))
    .map((f) => loadExerciseFile(f));
}

/** The ids of a folder's exercises, without loading them. */
export function catalogueIds(dir = exercisesDir()): string[] {
  return findExerciseFiles(dir).map((f) => basename(dirname(f)));
}

// ---- the cache of validated specs (by the hash of the YAML and of the schema) ----
let schemaText: string | undefined;
function specCacheKey(text: string): string {
  schemaText ??= readFileSync(join(packageRoot(), 'exercises', 'schema.json'), 'utf8');
  return createHash('sha256').update(SPEC_CACHE_VERSION).update(schemaText).update('\0').update(text).digest('hex');
}
// 2: patterns are validated as RE2; 3: ${…} variables are checked: specs cached before must be validated again
const SPEC_CACHE_VERSION = 'spec-cache-3';
function specCacheDir(): string | undefined {
  return settings().specCache;
}
function readSpecCache(key: string): ExerciseSpec | undefined {
  const dir = specCacheDir();
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(join(dir, `${key}.json`), 'utf8')) as ExerciseSpec;
  } catch {
    return undefined;
  }
}
function writeSpecCache(key: string, spec: ExerciseSpec): void {
  const dir = specCacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(tmp, JSON.stringify(spec));
    renameSync(tmp, join(dir, `${key}.json`));
  } catch {
    /* a cache is an optimisation */
  }
}
