// The TypeScript side of the student kit: every exercise has TypeScript starters for all its
// programs, they type-check against the bindings, `ipclab init --language ts` (and `id:lang` per
// exercise) writes them with a tsconfig.json that `tsc` accepts, and graded unchanged they lose
// points with clear reasons — built, no errors, no crash of ipclab.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../harness/settings.js';
import { typeErrors } from './lib/ipc/typecheck.js';

const root = packageRoot();
const cli = join(root, 'dist', 'bin', 'ipclab.js');
const exec = promisify(execFile);
async function run(cmd: string, args: string[], cwd: string, timeout = 240000) {
  try {
    const r = await exec(cmd, args, { cwd, timeout, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}
const ipclab = (args: string[], cwd: string) => run(process.execPath, [cli, ...args], cwd);

const exercises = readdirSync(join(root, 'exercises')).filter((d) => existsSync(join(root, 'exercises', d, 'exercise.yaml')));
function programsOf(id: string): string[] {
  const m = /^programs:\s*\[([^\]]*)\]/m.exec(readFileSync(join(root, 'exercises', id, 'exercise.yaml'), 'utf8'));
  return m ? m[1]!.split(',').map((s) => s.trim()) : [];
}

describe('TypeScript starters', () => {
  test.each(exercises)('%s: one .ts per program in starter-ts/, nothing C, and all of them type-check', (id) => {
    const dir = join(root, 'exercises', id, 'starter-ts');
    const files = readdirSync(dir);
    expect(programsOf(id).length).toBeGreaterThan(0);
    for (const p of programsOf(id)) expect(files).toContain(`${p}.ts`);
    expect(files.filter((f) => !f.endsWith('.ts'))).toEqual([]); // a Makefile would make ipclab run make
    expect(typeErrors(files.map((f) => join(dir, f)))).toEqual([]);
  });
});

describe('ipclab init --language ts', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ipclab-kit-ts-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  test('writes TypeScript starters and a tsconfig.json tsc accepts; one exercise can stay C', async () => {
    const repo = join(tmp, 'repo');
    const made = await ipclab(['init', repo, '--language', 'ts', '--exercise', 'pipe-copy', 'mmap-counter', 'sem-mutex:c'], tmp);
    expect(made.code).toBe(0);
    expect(readdirSync(join(repo, 'pipe-copy')).sort()).toEqual(['README.md', 'pipe_copy.ts']);
    expect(readdirSync(join(repo, 'mmap-counter')).sort()).toEqual(['README.md', 'counter.ts', 'counter_show.ts', 'region.ts']);
    expect(existsSync(join(repo, 'sem-mutex', 'Makefile'))).toBe(true);
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    expect(readme).toContain('`pipe-copy` (TypeScript)');
    expect(readme).toContain('`sem-mutex` (C)');
    // the student's `npm install` puts ipclab (with its types) and @types/node in node_modules
    mkdirSync(join(repo, 'node_modules', '@types'), { recursive: true });
    symlinkSync(root, join(repo, 'node_modules', 'ipclab'));
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(repo, 'node_modules', '@types', 'node'));
    const tsc = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], repo);
    expect(tsc.out).toBe('');
    expect(tsc.code).toBe(0);
    // tsc really checks against ipclab/ipc: a wrong argument type is an error at its line
    writeFileSync(join(repo, 'pipe-copy', 'pipe_copy.ts'), "import { close } from 'ipclab/ipc';\nclose('oops');\n");
    const bad = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], repo);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/pipe-copy\/pipe_copy\.ts\(2,7\): error TS2345/);
    // a TypeScript-only repository installs no toolchain (the runner image has the gcc ipclab's init needs)
    const ts = await ipclab(['init', join(tmp, 'ts-only'), '-e', 'pipe-copy:ts'], tmp);
    expect(ts.code).toBe(0);
    expect(readFileSync(join(tmp, 'ts-only', '.github', 'workflows', 'grade.yml'), 'utf8')).not.toMatch(/apt-get|install -y/);
    expect((await ipclab(['init', join(tmp, 'bad'), '--language', 'rust'], tmp)).out).toContain('unknown language "rust"');
  }, 120000);

  test('graded unchanged, the TypeScript starters of pipe-copy and mmap-counter build and lose points with clear reasons', async () => {
    const repo = join(tmp, 'repo');
    expect((await ipclab(['init', repo, '--language', 'ts', '--exercise', 'pipe-copy', 'mmap-counter'], tmp)).code).toBe(0);
    const out = join(tmp, 'report');
    const graded = await ipclab(['grade', '--jobs', '2', '--format', 'json', '--out-dir', out], repo);
    expect(graded.code).toBe(1);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as {
      exercises: { id: string; build: { status: string }; points: number; maxPoints: number; tests: { status: string; reason?: string }[] }[];
    };
    expect(result.exercises.map((e) => e.id)).toEqual(['pipe-copy', 'mmap-counter']);
    for (const ex of result.exercises) {
      expect(ex.build.status).toBe('built');
      expect(ex.points).toBeLessThan(ex.maxPoints);
      expect(ex.tests.filter((t) => t.status !== 'passed' && t.status !== 'failed')).toEqual([]);
      const failed = ex.tests.filter((t) => t.status === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const t of failed) expect(t.reason ?? '').not.toBe('');
      expect(failed.some((t) => /not implemented/.test(t.reason ?? ''))).toBe(true);
    }
  }, 240000);
});
