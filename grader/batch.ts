// `ipclab grade-batch`: a whole class. One report per student, a gradebook CSV, parallel jobs,
// resumable (a student whose result.json exists is done), and deterministic shards.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { packageRoot } from '../harness/init/binary.js';
import { join, resolve } from 'node:path';
import { gradeSubmission, type GradeOptions } from './grade.js';
import { renderTerminal } from './report/terminal.js';
import { isolation } from '../harness/isolate/mode.js';
import type { GradeResult } from './model.js';

export interface BatchOptions {
  jobs: number;
  force?: boolean;
  /** 1-based shard k of n. */
  shard?: { k: number; n: number };
  out: string;
  grade?: Omit<GradeOptions, 'onTest' | 'onExerciseStart'>;
  /** Called as each student finishes (or is skipped as already done). */
  onStudent?: (student: string, outcome: 'graded' | 'done-before' | 'failed', result?: GradeResult) => void;
  /** Stop starting new students when this says so (an interrupt); those under way finish. */
  stopped?: () => boolean;
  /** The folder the catalogue came from, for worker processes (default: ipclab's own). */
  catalogueDir?: string;
  /** One process per student (no shared event loop; pays a Node start-up per student). */
  workers?: boolean;
}

const CLI = join(packageRoot(), 'dist', 'bin', 'ipclab.js');

/**
 * One student in a process of its own: parallel jobs then share no event loop. On two cores
 * the Node start-up per student costs more than the shared loop does (docs/benchmarks.md).
 */
async function gradeInWorker(dir: string, hide: string[], o: BatchOptions): Promise<GradeResult> {
  const tmp = mkdtempSync(join(tmpdir(), 'ipclab-worker-'));
  try {
    const out = join(tmp, 'result.json');
    const args = [CLI, 'grade', dir, '-f', 'json', '--out', out, '--exit-zero', '-q', '--hide', ...hide];
    if (o.grade?.exercises?.length) args.push('--exercise', ...o.grade.exercises);
    if (o.grade?.tests?.length) args.push('--test', ...o.grade.tests);
    if (o.catalogueDir) args.push('--catalogue', o.catalogueDir);
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((res) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, IPCLAB_TEST_JOBS: '1' } });
      let err = '';
      child.stderr.on('data', (b: Buffer) => {
        if (err.length < 4096) err += b.toString();
      });
      child.on('close', (c) => res({ code: c, stderr: err }));
    });
    if (!existsSync(out)) throw new Error(stderr.trim().replace(/^ipclab: /, '') || `grading exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8')) as GradeResult;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface BatchSummary {
  students: string[];
  graded: string[];
  skipped: string[];
  failed: Array<{ student: string; error: string }>;
  interrupted: boolean;
  gradebook: string;
}

/** FNV-1a: a student's shard depends only on their folder name, so shards are stable. */
export function shardOf(name: string, n: number): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(name)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return (h % n) + 1;
}

export function studentsIn(classDir: string, shard?: { k: number; n: number }): string[] {
  return readdirSync(classDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .filter((name) => !shard || shardOf(name, shard.n) === shard.k)
    .sort();
}

export async function gradeBatch(classDir: string, o: BatchOptions): Promise<BatchSummary> {
  const root = resolve(classDir);
  const students = studentsIn(root, o.shard);
  // Without namespaces, tests must run one at a time.
  const jobs = isolation().mode === 'fallback' ? 1 : Math.max(1, o.jobs);
  mkdirSync(o.out, { recursive: true });
  const summary: BatchSummary = { students, graded: [], skipped: [], failed: [], interrupted: false, gradebook: join(o.out, 'gradebook.csv') };
  const queue = [...students];
  const worker = async () => {
    for (;;) {
      if (o.stopped?.()) {
        summary.interrupted = queue.length > 0;
        return;
      }
      const student = queue.shift();
      if (student === undefined) return;
      const dir = join(o.out, student);
      const done = join(dir, 'result.json');
      if (!o.force && existsSync(done)) {
        summary.skipped.push(student);
        o.onStudent?.(student, 'done-before');
        continue;
      }
      try {
        // the class folder is out of reach of every student's processes
        // students run side by side already: their tests one at a time
        const hide = [root, resolve(o.out), ...(o.grade?.hide ?? [])];
        const result = !o.workers || !existsSync(CLI)
          ? await gradeSubmission(join(root, student), { testJobs: 1, ...o.grade, hide })
          : await gradeInWorker(join(root, student), hide, o);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'report.txt'), renderTerminal(result, { color: false, verbose: false }));
        // result.json last, atomically: its presence is what "done" means when resuming
        writeFileSync(`${done}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
        renameSync(`${done}.tmp`, done);
        summary.graded.push(student);
        o.onStudent?.(student, 'graded', result);
      } catch (err) {
        summary.failed.push({ student, error: err instanceof Error ? err.message : String(err) });
        o.onStudent?.(student, 'failed');
      }
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  writeGradebook(o.out, students);
  return summary;
}

const csvField = (s: string | number) => (/[",\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));

/** gradebook.csv: student, exercise, points, max — from every result.json in the folder. */
export function writeGradebook(out: string, students: string[]): string {
  const rows: Array<[string, string, number, number]> = [];
  for (const student of students) {
    const f = join(out, student, 'result.json');
    if (!existsSync(f)) continue;
    const r = JSON.parse(readFileSync(f, 'utf8')) as GradeResult;
    for (const e of r.exercises) rows.push([student, e.id, e.points, e.maxPoints]);
  }
  const csv = toCsv(rows);
  writeFileSync(join(out, 'gradebook.csv'), csv);
  return csv;
}

function toCsv(rows: Array<[string, string, number, number]>): string {
  rows.sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : a[0].localeCompare(b[0])));
  return ['student,exercise,points,max', ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
}

function parseCsv(text: string): Array<[string, string, number, number]> {
  const rows: Array<[string, string, number, number]> = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const fields: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
        else if (ch === '"') quoted = false;
        else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') fields.push(cur), (cur = '');
      else cur += ch;
    }
    fields.push(cur);
    rows.push([fields[0], fields[1], Number(fields[2]), Number(fields[3])]);
  }
  return rows;
}

/** Merges the gradebooks of several shards; a student graded in two shards is an error. */
export function mergeGradebooks(texts: Array<{ name: string; text: string }>): string {
  const seen = new Map<string, string>();
  const rows: Array<[string, string, number, number]> = [];
  for (const { name, text } of texts) {
    const header = text.split('\n')[0].trim();
    if (header !== 'student,exercise,points,max') throw new Error(`${name} is not an ipclab gradebook (its first line is "${header}")`);
    for (const r of parseCsv(text)) {
      const k = `${r[0]}\u0000${r[1]}`;
      if (seen.has(k)) throw new Error(`${r[0]}/${r[1]} is in both ${seen.get(k)} and ${name}`);
      seen.set(k, name);
      rows.push(r);
    }
  }
  return toCsv(rows);
}
