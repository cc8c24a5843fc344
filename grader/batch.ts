// `ipclab grade-batch`: a whole class. One report per student, a gradebook CSV, parallel jobs,
// resumable (a student whose result.json exists is done), and deterministic shards.
// ipclab's outputs never share a folder with names students chose: out/gradebook.csv beside
// out/students/<encoded name>/, so a student called "gradebook.csv" is just a student.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import { interrupted, onInterrupted, onStop, releaseTempFolder, tempFolder } from '../harness/interrupt.js';
import { compileAllHelpers, gradeSubmission, type GradeOptions } from './grade.js';
import { loadCatalogue } from '../harness/spec/load.js';
import { UsageError } from './errors.js';
import { renderTerminal } from './report/terminal.js';
import { isolation } from '../harness/isolate/mode.js';
import { usableCpus } from '../harness/usable-cpus.js';
import type { GradeResult } from './model.js';

export type StudentOutcome = 'graded' | 'done-before' | 'failed' | 'error';

export interface BatchOptions {
  jobs: number;
  force?: boolean;
  /** 1-based shard k of n. */
  shard?: { k: number; n: number };
  out: string;
  grade?: Omit<GradeOptions, 'onTest' | 'onExerciseStart'>;
  /** Called as each student finishes (or is skipped as already done). */
  onStudent?: (student: string, outcome: StudentOutcome, result?: GradeResult) => void;
  /** Something the instructor should know (two folders with one name). */
  onWarning?: (message: string) => void;
  /** Stop starting new students when this says so; those under way finish. */
  stopped?: () => boolean;
  /** The folder the catalogue came from, for worker processes (default: ipclab's own). */
  catalogueDir?: string;
  /** One process per student (no shared event loop; pays a Node start-up per student). */
  workers?: boolean;
  /** Workers grade in fallback mode even in CI (the batch was given --allow-fallback). */
  allowFallback?: boolean;
  /** Test slots each student gets (default: testSlots(jobs)). */
  testJobs?: number;
}

/**
 * Test slots per student when `jobs` students are graded at once: the CPUs this process may use
 * shared out among them, so that students × tests stay within them (at least one each).
 */
export function testSlots(jobs: number, cpus = usableCpus()): number {
  return Math.max(1, Math.floor(cpus / Math.max(1, jobs)));
}

const CLI = join(packageRoot(), 'dist', 'bin', 'ipclab.js');

/** Where a student's result.json, error.json and report.txt go. */
export function studentDir(out: string, name: string): string {
  return join(out, 'students', encodeName(name));
}

/**
 * A name as one safe folder name: letters, digits, `_`, `-` and inner dots stay, everything
 * else (and a leading dot) becomes %XX of its UTF-8 bytes. Injective, since `%` is escaped too.
 */
export function encodeName(name: string): string {
  return name.replace(/^\.|[^\p{L}\p{N}._-]/gu, (ch) => [...Buffer.from(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

/**
 * One student in a process of its own: parallel jobs then share no event loop. On two cores
 * the Node start-up per student costs more than the shared loop does (docs/benchmarks.md).
 */
async function gradeInWorker(dir: string, o: BatchOptions): Promise<GradeResult> {
  const tmp = tempFolder('ipclab-worker-');
  try {
    const out = join(tmp, 'result.json');
    const args = [CLI, 'grade', dir, '-f', 'json', '--out', out, '--exit-zero', '-q', '--jobs', String(o.testJobs ?? 1)];
    if (o.grade?.exercises?.length) args.push('--exercise', ...o.grade.exercises);
    if (o.grade?.tests?.length) args.push('--test', ...o.grade.tests);
    if (o.catalogueDir) args.push('--catalogue', o.catalogueDir);
    if (o.allowFallback) args.push('--allow-fallback');
    const { execa } = await import('execa'); // ~200 ms of start-up: only batches with --workers pay it
    const child = execa(process.execPath, args, { stdin: 'ignore', stdout: 'ignore', stderr: 'pipe', reject: false, maxBuffer: 1 << 20 });
    // on a signal the worker cleans up after itself: ask it to, and wait
    const forget = onStop(async () => {
      child.kill('SIGTERM');
      await child;
    });
    const r = await child.finally(forget);
    if (!existsSync(out)) {
      const said = String(r.stderr ?? '').split('\n')[0].replace(/^ipclab: /, '').trim() || `grading exited with ${r.exitCode ?? r.signal}`;
      throw r.exitCode === 2 ? new UsageError(said) : new Error(said);
    }
    return JSON.parse(readFileSync(out, 'utf8')) as GradeResult;
  } finally {
    releaseTempFolder(tmp);
  }
}

export interface BatchSummary {
  /** The students graded in this run or before (gradebook names: NFC). */
  students: string[];
  graded: string[];
  skipped: string[];
  /** Nothing to grade (no exercise folder): no row in the gradebook, tried again next time. */
  failed: Array<{ student: string; error: string }>;
  /** ipclab could not grade them (its own fault, or two folders with one name): `error` in the gradebook, tried again next time. */
  errors: Array<{ student: string; error: string }>;
  /** Names that two or more folders share once normalised; none of those folders is graded. */
  collisions: string[];
  interrupted: boolean;
  gradebook: string;
}

/** FNV-1a: a student's shard depends only on their (normalised) name, so shards are stable. */
export function shardOf(name: string, n: number): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(name)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return (h % n) + 1;
}

export interface Student {
  /** The gradebook's name for them: the folder name in Unicode NFC. */
  name: string;
  /** The folder as it is on disk. */
  folder: string;
}

export interface Roster {
  students: Student[];
  /** A name, and the folders that normalise to it: which one is the student is not ipclab's guess. */
  collisions: Array<{ name: string; folders: string[] }>;
}

/** Every sub-folder is a student (only `.git` is not), named by its NFC form. */
export function roster(classDir: string, shard?: { k: number; n: number }): Roster {
  const byName = new Map<string, string[]>();
  for (const d of readdirSync(classDir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name === '.git') continue;
    const name = d.name.normalize('NFC');
    byName.set(name, [...(byName.get(name) ?? []), d.name]);
  }
  const names = [...byName.keys()].filter((name) => !shard || shardOf(name, shard.n) === shard.k).sort();
  return {
    students: names.filter((n) => byName.get(n)!.length === 1).map((name) => ({ name, folder: byName.get(name)![0] })),
    collisions: names.filter((n) => byName.get(n)!.length > 1).map((name) => ({ name, folders: byName.get(name)!.sort() })),
  };
}

/** The gradebook names of the students that will be graded. */
export function studentsIn(classDir: string, shard?: { k: number; n: number }): string[] {
  return roster(classDir, shard).students.map((s) => s.name);
}

export async function gradeBatch(classDir: string, o: BatchOptions): Promise<BatchSummary> {
  const root = resolve(classDir);
  const out = resolve(o.out);
  if (out === root || out.startsWith(`${root}${sep}`)) throw new UsageError(`--out ${o.out} is inside the class folder: it would be graded as a student next time`);
  const { students, collisions } = roster(root, o.shard);
  await compileAllHelpers(o.grade?.catalogue ?? loadCatalogue(), o.grade?.exercises); // an instructor's error stops the batch, not each student
  // Without namespaces, tests must run one at a time.
  const jobs = isolation().mode === 'fallback' ? 1 : Math.max(1, o.jobs);
  const perStudent = { ...o, testJobs: o.testJobs ?? o.grade?.testJobs ?? testSlots(jobs) };
  mkdirSync(join(out, 'students'), { recursive: true });
  const names = [...students.map((s) => s.name), ...collisions.map((c) => c.name)].sort();
  const summary: BatchSummary = {
    students: names, graded: [], skipped: [], failed: [], errors: [], collisions: collisions.map((c) => c.name), interrupted: false, gradebook: join(out, 'gradebook.csv'),
  };
  for (const c of collisions) {
    const error = `the folders ${c.folders.map(quoted).join(' and ')} are one name once normalised (NFC): rename all but one; none of them was graded`;
    o.onWarning?.(error);
    recordError(studentDir(out, c.name), { error });
    summary.errors.push({ student: c.name, error });
    o.onStudent?.(c.name, 'error');
  }
  const queue = [...students];
  const worker = async () => {
    for (;;) {
      if (o.stopped?.() || interrupted()) {
        summary.interrupted = queue.length > 0;
        return;
      }
      const student = queue.shift();
      if (student === undefined) return;
      await gradeOne(root, out, student, perStudent, summary);
    }
  };
  // the gradebook is written however the batch ends: done, a student failing, or a signal
  const forget = onInterrupted(() => writeGradebook(out, names));
  try {
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    forget();
    writeGradebook(out, names);
  }
  return summary;
}

async function gradeOne(root: string, out: string, s: Student, o: BatchOptions, summary: BatchSummary): Promise<void> {
  const dir = studentDir(out, s.name);
  if (!o.force && existsSync(join(dir, 'result.json'))) {
    summary.skipped.push(s.name);
    o.onStudent?.(s.name, 'done-before');
    return;
  }
  let result: GradeResult;
  try {
    // the class folder and the results are not in any test's root (harness/isolate/root.ts);
    // students run side by side already: their tests share out the CPUs (testSlots)
    result = !o.workers || !existsSync(CLI)
      ? await gradeSubmission(join(root, s.folder), { ...o.grade, testJobs: o.testJobs })
      : await gradeInWorker(join(root, s.folder), o);
  } catch (err) {
    if (interrupted()) return; // cut short by a signal: graded next time
    const error = err instanceof Error ? err.message : String(err);
    if (err instanceof UsageError) {
      forgetRecords(dir);
      summary.failed.push({ student: s.name, error });
      o.onStudent?.(s.name, 'failed');
    } else {
      recordError(dir, { error });
      summary.errors.push({ student: s.name, error });
      o.onStudent?.(s.name, 'error');
    }
    return;
  }
  if (interrupted()) return; // its tests were ended by the signal: not its grade
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.txt'), renderTerminal(result, { color: false, verbose: false }));
  if (result.status === 'error') {
    recordError(dir, result);
    summary.errors.push({ student: s.name, error: result.errors[0]?.split('\n')[0] ?? 'a test could not be run' });
    o.onStudent?.(s.name, 'error', result);
    return;
  }
  // result.json last, atomically: its presence is what "done" means when resuming
  writeAtomically(join(dir, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  rmSync(join(dir, 'error.json'), { force: true });
  summary.graded.push(s.name);
  o.onStudent?.(s.name, 'graded', result);
}

/** A name in quotes with everything outside printable ASCII as \u escapes: two names that look alike read apart. */
function quoted(name: string): string {
  return JSON.stringify(name).replace(/[^\x20-\x7e]/gu, (ch) => ch.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
}

/** error.json instead of result.json: the gradebook says `error`, and the next run grades them again. */
function recordError(dir: string, what: GradeResult | { error: string }): void {
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, 'error.json'), `${JSON.stringify(what, null, 2)}\n`);
  rmSync(join(dir, 'result.json'), { force: true });
}

function forgetRecords(dir: string): void {
  for (const f of ['result.json', 'error.json']) rmSync(join(dir, f), { force: true });
}

function writeAtomically(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

type Row = [student: string, exercise: string, points: string, max: string];
const HEADER = 'student,exercise,points,max';

// A spreadsheet runs a cell that starts with = + - @ (or a tab/CR before them) as a formula, and
// student names are the students' own: such a cell gets a leading ' (and a leading ' one more).
const FORMULA = /^[=+\-@\t\r']/;
const inert = (s: string) => (FORMULA.test(s) ? `'${s}` : s);
const uninert = (s: string) => (s.startsWith("'") ? s.slice(1) : s);
const csvField = (raw: string) => {
  const s = inert(raw);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** gradebook.csv: student, exercise, points, max — from the students' records in the folder. */
export function writeGradebook(out: string, students: string[]): string {
  const csv = toCsv(students.flatMap((name) => gradebookRows(out, name)));
  writeAtomically(join(out, 'gradebook.csv'), csv);
  return csv;
}

/** A graded student's points per exercise; `error` where ipclab could not grade; nothing when there was nothing to grade. */
function gradebookRows(out: string, name: string): Row[] {
  const dir = studentDir(out, name);
  const done = readJson(join(dir, 'result.json')) as GradeResult | undefined;
  if (done?.exercises) return done.exercises.map((e) => [name, e.id, String(e.points), String(e.maxPoints)]);
  const failed = readJson(join(dir, 'error.json')) as Partial<GradeResult> | undefined;
  if (!failed && !existsSync(join(dir, 'result.json'))) return []; // a damaged result.json is an error too
  if (!failed?.exercises?.length) return [[name, '', 'error', '']];
  const broken = (id: string) => (failed.errors ?? []).some((e) => e.startsWith(`${id}:`));
  return failed.exercises.map((e) => [name, e.id, e.tests.some((t) => t.status === 'error') || broken(e.id) ? 'error' : String(e.points), String(e.maxPoints)]);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function toCsv(rows: Row[]): string {
  rows.sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0])));
  return [HEADER, ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

/** RFC 4180 records: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') record.push(field), (field = '');
    else if (ch === '\n') record.push(field), records.push(record), (record = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  if (field || record.length) record.push(field), records.push(record);
  return records.filter((r) => r.length > 1 || r[0] !== '').map((r) => r.map(uninert));
}

/** Merges the gradebooks of several shards; a student graded in two shards is an error. */
export function mergeGradebooks(texts: Array<{ name: string; text: string }>): string {
  const seen = new Map<string, string>();
  const rows: Row[] = [];
  for (const { name, text } of texts) {
    const [header, ...records] = parseCsv(text);
    if (header?.join(',') !== HEADER) throw new UsageError(`${name} is not an ipclab gradebook (its first line is "${text.split('\n')[0].trim().slice(0, 80)}")`);
    for (const [i, r] of records.entries()) {
      if (r.length !== 4 || !/^(\d+(\.\d+)?|error)$/.test(r[2])) throw new UsageError(`${name}: record ${i + 2} is not student,exercise,points,max`);
      const k = `${r[0]}\u0000${r[1]}`;
      if (seen.has(k)) throw new UsageError(`${r[0]}/${r[1]} is in both ${seen.get(k)} and ${name}`);
      seen.set(k, name);
      rows.push(r as Row);
    }
  }
  return toCsv(rows);
}
