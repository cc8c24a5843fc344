// Fallback mode is never silent in CI: grade, grade-batch and verify refuse it (one line, exit 2,
// nothing graded) unless --allow-fallback; with it, and outside CI, the grading goes on and its
// report names every missing protection. The built CLI, as CI runs it.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../harness/settings.js';

const root = packageRoot();
const cli = join(root, 'dist', 'bin', 'ipclab.js');
const sample = join(root, 'examples', 'sample-submission');
const isRoot = process.getuid?.() === 0;

/** The environment of the run: the suite's, without its own CI variables, plus these. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const k of ['CI', 'GITHUB_ACTIONS']) if (!(k in extra)) delete env[k];
  return env;
}

async function run(args: string[], extra: Record<string, string>) {
  try {
    const r = await promisify(execFile)(process.execPath, [cli, ...args], { cwd: root, env: envWith(extra), maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const REFUSED = /^ipclab: refusing to grade in fallback mode in CI \(CI or GITHUB_ACTIONS is set\): IPCLAB_ISOLATION=fallback; run ipclab as root .*sudo -E env "PATH=\$PATH" ipclab .*or pass --allow-fallback to grade without \d+ protections .*$/;

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ipclab-ci-fallback-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const grade = (extra: string[] = [], formats = ['json']) => ['grade', sample, '-e', 'pipe-copy', '-t', 'short-line', '-f', ...formats, '-d', join(tmp, 'out'), ...extra];

describe('fallback mode in CI', () => {
  it.each([['CI', 'true'], ['GITHUB_ACTIONS', 'true'], ['CI', '1']])('%s=%s: grade refuses in one line, exit 2, and writes no report', async (k, v) => {
    const r = await run(grade(), { [k]: v, IPCLAB_ISOLATION: 'fallback' });
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(REFUSED)]);
    expect(r.code).toBe(2);
    expect(existsSync(join(tmp, 'out'))).toBe(false);
  });

  it('grade-batch and verify refuse too', async () => {
    const cls = join(tmp, 'class');
    mkdirSync(cls);
    cpSync(sample, join(cls, 'ann'), { recursive: true });
    const batch = await run(['grade-batch', cls, '-e', 'pipe-copy', '--out', join(tmp, 'batch')], { CI: 'true', IPCLAB_ISOLATION: 'fallback' });
    expect(batch.stderr.trim().split('\n')).toEqual([expect.stringMatching(REFUSED)]);
    expect(batch.code).toBe(2);
    expect(existsSync(join(tmp, 'batch', 'gradebook.csv'))).toBe(false);
    const verify = await run(['verify', 'pipe-copy', '-n', '1'], { GITHUB_ACTIONS: 'true', IPCLAB_ISOLATION: 'fallback' });
    expect(verify.stderr.trim().split('\n')).toEqual([expect.stringMatching(REFUSED)]);
    expect(verify.code).toBe(2);
  });

  it('an isolated mode asked for by name that cannot come up is one line, exit 2', async () => {
    const r = await run(grade(), { IPCLAB_ISOLATION: isRoot ? 'sudo' : 'root' });
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ipclab: IPCLAB_ISOLATION=(sudo|root), but (sudo|root) mode is not available here: (sudo|root) \(.+\)$/)]);
    expect(r.code).toBe(2);
  });

  // as root only: without root, fallback mode runs student code as the suite's own user
  (isRoot ? it : it.skip)('--allow-fallback grades, and the report lists every missing protection', async () => {
    const r =  await run(grade(['--allow-fallback'], ['json', 'terminal']), { CI: 'true', IPCLAB_ISOLATION: 'fallback' });
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(tmp, 'out', 'result.json'), 'utf8'));
    expect(result.isolation).toMatchObject({ mode: 'fallback', kind: 'fallback' });
    expect(result.isolation.missing).toEqual(expect.arrayContaining([expect.stringMatching(/^no IPC namespace/), expect.stringMatching(/^no network namespace/), expect.stringMatching(/^no mount namespace: \/tmp/)]));
    expect(result.exercises[0].tests[0].status).toBe('passed');
    expect(r.stdout).toContain('Graded without isolation (fallback mode)');
    for (const m of result.isolation.missing) expect(r.stdout).toContain(m);
  }, 60_000);

  (isRoot ? it : it.skip)('outside CI a fallback grading goes on, with one warning line', async () => {
    const r = await run(grade(), { CI: 'false', IPCLAB_ISOLATION: 'fallback' });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ipclab: warning: grading in fallback mode \(IPCLAB_ISOLATION=fallback\); \d+ protections are missing, see the report$/)]);
  }, 60_000);

  it('ipclab doctor names the mode and what fallback lacks; exit 1 in fallback mode', async () => {
    const iso = await run(['doctor'], {});
    expect(iso.code).toBe(0);
    expect(iso.stdout).toMatch(/^isolation: (root|userns|sudo) — isolated/);
    const fb = await run(['doctor'], { IPCLAB_ISOLATION: 'fallback', CI: 'true' });
    expect(fb.code).toBe(1);
    expect(fb.stdout).toMatch(/^isolation: fallback — /);
    expect(fb.stdout).toMatch(/^ {2}missing: no IPC namespace/m);
  });
});
