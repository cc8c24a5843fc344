// Grading a whole class: parallel, isolated per student, resumable, sharded, and the same grade
// a single `ipclab grade` gives.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gradeBatch, mergeGradebooks, studentsIn, writeGradebook } from '../../grader/batch.js';
import { gradeSubmission } from '../../grader/grade.js';
import { packageRoot } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';
import type { GradeResult } from '../../grader/model.js';

const root = packageRoot();
const catalogue = loadCatalogue();
const solution = (name: string) => readFileSync(join(root, 'exercises/pipe-copy/solutions', name, 'pipe_copy.c'), 'utf8');
let cls: string;
let out: string;

const KINDS: Record<string, (dir: string, cls: string) => void> = {
  correct: (d) => writeFileSync(join(d, 'pipe-copy', 'pipe_copy.c'), solution('correct')),
  nowait: (d) => writeFileSync(join(d, 'pipe-copy', 'pipe_copy.c'), solution('no-wait')),
  broken: (d) => writeFileSync(join(d, 'pipe-copy', 'pipe_copy.c'), 'int main(void) { return oops; }\n'),
  crash: (d) => writeFileSync(join(d, 'pipe-copy', 'pipe_copy.c'), 'int main(void) { volatile int *p = 0; return *p; }\n'),
  // tries to read another student's work and ipclab's own solutions; prints what it could open
  snoop: (d, c) => writeFileSync(join(d, 'pipe-copy', 'pipe_copy.c'), `#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
int main(void) {
  const char *paths[] = { "${c}/s00-correct/pipe-copy/pipe_copy.c", "${root}/exercises/pipe-copy/solutions/correct/pipe_copy.c" };
  for (int i = 0; i < 2; i++) { int fd = open(paths[i], O_RDONLY); if (fd >= 0) { printf("read %s\\n", paths[i]); close(fd); } }
  char buf[4096]; ssize_t n; while ((n = read(0, buf, sizeof buf)) > 0) write(1, buf, n);
  return 0;
}
`),
};
const ORDER = ['correct', 'nowait', 'correct', 'broken', 'crash', 'correct', 'snoop', 'nowait', 'correct', 'broken', 'correct', 'crash'];

beforeAll(() => {
  cls = mkdtempSync(join(tmpdir(), 'ipclab-class-'));
  chmodSync(cls, 0o755); // readable by anyone: only ipclab's isolation keeps students apart
  out = mkdtempSync(join(tmpdir(), 'ipclab-batchout-'));
  ORDER.forEach((kind, i) => {
    const dir = join(cls, `s${String(i).padStart(2, '0')}-${kind}`);
    mkdirSync(join(dir, 'pipe-copy'), { recursive: true });
    KINDS[kind](dir, cls);
  });
  mkdirSync(join(cls, 's99-empty', 'notes'), { recursive: true }); // no exercise at all
});
afterAll(() => {
  rmSync(cls, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const points = (r: GradeResult) => r.exercises.map((e) => `${e.id}:${e.tests.map((t) => `${t.name}=${t.status}`).join(',')}:${e.points}/${e.maxPoints}`).join(' ');

describe('grade-batch', () => {
  let results: Map<string, GradeResult>;

  it('grades every student with 2 jobs and writes a report each and a gradebook', async () => {
    const summary = await gradeBatch(cls, { jobs: 2, out, grade: { catalogue } });
    expect(summary.failed.map((f) => f.student)).toEqual(['s99-empty']);
    expect(summary.graded.length).toBe(ORDER.length);
    results = new Map(summary.graded.map((s) => [s, JSON.parse(readFileSync(join(out, 'students', s, 'result.json'), 'utf8'))]));
    const csv = readFileSync(join(out, 'gradebook.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('student,exercise,points,max');
    expect(csv).toContain('s00-correct,pipe-copy,13,13');
    expect(csv).toContain('s03-broken,pipe-copy,0,13');
    expect(csv.length).toBe(ORDER.length + 1);
    expect(existsSync(join(out, 'students', 's01-nowait', 'report.txt'))).toBe(true);
  }, 180000);

  it('keeps every student out of the others\' work and out of ipclab\'s files', () => {
    const snoop = results.get('s06-snoop')!;
    const passed = snoop.exercises[0].tests.filter((t) => t.status === 'passed').map((t) => t.name);
    // it prints "read …" only when it could open a file it must not see: then short-line would fail
    expect(passed).toContain('short-line');
    expect(JSON.stringify(snoop)).not.toContain('read /');
  });

  it('gives each student exactly the grade a single `ipclab grade` gives', async () => {
    for (const s of ['s00-correct', 's01-nowait', 's03-broken', 's04-crash']) {
      const single = await gradeSubmission(join(cls, s), { catalogue });
      expect(points(single)).toBe(points(results.get(s)!));
    }
  }, 120000);

  it('splits a class into stable, disjoint shards whose gradebooks merge into the whole', () => {
    const all = studentsIn(cls);
    const shards = [1, 2, 3].map((k) => studentsIn(cls, { k, n: 3 }));
    expect(shards.flat().sort()).toEqual(all);
    expect(new Set(shards.flat()).size).toBe(all.length);
    const parts = shards.map((students, i) => ({ name: `shard${i + 1}.csv`, text: writeGradebook(out, students) }));
    writeGradebook(out, all);
    expect(mergeGradebooks(parts)).toBe(readFileSync(join(out, 'gradebook.csv'), 'utf8'));
    expect(() => mergeGradebooks([parts[0], parts[0]])).toThrow(/is in both shard1\.csv and shard1\.csv/);
  });

  it('writes a student name a spreadsheet would run as a formula as plain text, and reads it back', () => {
    const evil = ['=HYPERLINK("http://x","y")', '+1+1', '-2', '@SUM(A1)', "'quoted", 'plain'];
    const text = ['student,exercise,points,max', ...evil.map((n, i) => `"${n.replace(/"/g, '""')}",pipe-copy,${i},10`)].join('\n') + '\n';
    const merged = mergeGradebooks([{ name: 'raw.csv', text }]);
    const cells = merged.trim().split('\n').slice(1).map((l) => l.replace(/^"/, ''));
    for (const c of cells) expect(c).not.toMatch(/^[=+\-@]/);
    expect(mergeGradebooks([{ name: 'again.csv', text: merged }])).toBe(merged);
    expect(merged).toContain('plain,pipe-copy,5,10');
  });

  it('resumes after an interrupt without grading finished students again', async () => {
    const out2 = mkdtempSync(join(tmpdir(), 'ipclab-batchout-'));
    try {
      const cli = join(root, 'dist', 'bin', 'ipclab.js');
      const child = spawn(process.execPath, [cli, 'grade-batch', cls, '--jobs', '1', '--out', out2], { stdio: ['ignore', 'pipe', 'pipe'] });
      let seen = '';
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (b: Buffer) => {
          seen += b.toString();
          if ((seen.match(/\/\d+ {2}s\d\d/g) ?? []).length >= 2 && child.exitCode === null && !child.killed) child.kill('SIGINT');
        });
        child.on('close', () => resolve());
      });
      expect(child.exitCode).toBe(130);
      const done = readdirSync(join(out2, 'students')).filter((s) => existsSync(join(out2, 'students', s, 'result.json')));
      expect(done.length).toBeGreaterThanOrEqual(2);
      expect(done.length).toBeLessThan(ORDER.length);
      const mtimes = new Map(done.map((s) => [s, statSync(join(out2, 'students', s, 'result.json')).mtimeMs]));
      // the second half in worker processes: the same grades either way
      const again = await promisify(execFile)(process.execPath, [cli, 'grade-batch', cls, '--jobs', '2', '--workers', '--out', out2]).catch((e: { stdout: string }) => e);
      for (const s of done) {
        expect(again.stdout).toContain(`   done  ${s}`);
        expect(statSync(join(out2, 'students', s, 'result.json')).mtimeMs).toBe(mtimes.get(s));
      }
      expect(readdirSync(join(out2, 'students')).filter((s) => existsSync(join(out2, 'students', s, 'result.json'))).length).toBe(ORDER.length);
      expect(readFileSync(join(out2, 'gradebook.csv'), 'utf8')).toBe(readFileSync(join(out, 'gradebook.csv'), 'utf8'));
    } finally {
      rmSync(out2, { recursive: true, force: true });
    }
  }, 240000);
});
