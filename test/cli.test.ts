// The built CLI, run as a process, as users and CI run it.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../harness/settings.js';

const root = packageRoot();
const cli = join(root, 'dist', 'bin', 'ipclab.js');
const run = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('ipclab CLI', () => {
  it('validates the catalogue', async () => {
    const r = await run('validate');
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/^ok: \d+ exercises, \d+ tests$/m);
  });

  it('exits 2 on a malformed spec, naming file, line, column and field', async () => {
    const r = await run('validate', 'test/fixtures/specs/bad-field.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/fixtures/specs/bad-field.yaml:11:9: tests[0].processes.main.stdn: unknown field "stdn"');
  });

  it('grades the bundled sample: some tests pass, some fail, exit 1', async () => {
    const r = await run('grade', 'examples/sample-submission');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✔ short-line');
    expect(r.stdout).toContain('✘ crossed-replies');
    expect(r.stdout).toMatch(/Score: \d+\/\d+/);
  }, 60000);

  it('writes a JSON report, and --exit-zero turns the failure code off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-cli-'));
    try {
      const out = join(dir, 'result.json');
      const r = await run('grade', 'examples/sample-submission', '--exercise', 'msgq-ping-pong', '--test', 'crossed-replies', '--format', 'json', '--out', out, '--exit-zero');
      expect(r.code).toBe(0);
      const json = JSON.parse(readFileSync(out, 'utf8'));
      expect(json).toMatchObject({ version: 1, status: 'failed', points: 0, maxPoints: 2 });
      expect(json.exercises[0].tests[0]).toMatchObject({ name: 'crossed-replies', status: 'failed' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  it('--format html re-runs a failed untraced test traced (--explain) unless --no-explain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-cli-'));
    try {
      const grade = async (...extra: string[]) => {
        const out = join(dir, `${extra.length}`);
        const r = await run('grade', 'examples/sample-submission', '--exercise', 'msgq-ping-pong', '--test', 'crossed-replies', '--format', 'html', 'json', '-q', '--out-dir', out, ...extra);
        expect(r.code).toBe(1);
        return JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).exercises[0].tests[0];
      };
      const [explained, plain] = [await grade(), await grade('--no-explain')];
      expect([explained.status, explained.points, explained.retraced?.outcome, explained.sequence.traced]).toEqual(['failed', 0, 'same', true]);
      expect([plain.status, plain.points, plain.retraced, plain.sequence.traced]).toEqual(['failed', 0, undefined, false]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  it('fails the tests of a missing program with a message that names the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-cli-'));
    try {
      mkdirSync(join(dir, 'msgq-ping-pong'));
      writeFileSync(join(dir, 'msgq-ping-pong', 'msg_server.c'), readFileSync(join(root, 'exercises/msgq-ping-pong/solutions/correct/msg_server.c')));
      const r = await run('grade', dir, '--test', 'one-client', 'no-server');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('no msg_client.c (or msg_client.ts) in `msgq-ping-pong/`: the program `msg_client` is missing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  it('shows a compiler error briefly with file:line and skips the tests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-cli-'));
    try {
      mkdirSync(join(dir, 'pipe-copy'));
      writeFileSync(join(dir, 'pipe-copy', 'pipe_copy.c'), 'int main(void) { return missing_function(; }\n');
      const r = await run('grade', dir);
      expect(r.code).toBe(1);
      // under GITHUB_ACTIONS=true the colon is shown as \x3a, so that no problem matcher takes the line
      expect(r.stdout).toMatch(/pipe-copy\/pipe_copy\.c:1:\d+: error(:|\\x3a)/);
      expect(r.stdout).toContain('○ short-line');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);

  it('exits 2 on usage errors', async () => {
    expect((await run('grade', 'examples/sample-submission', '--exercise', 'no-such-exercise')).code).toBe(2);
    expect((await run('grade', '/nonexistent/folder')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });
});

describe('ipclab grade: report options and the submission it names', () => {
  const runIn = async (cwd: string, ...args: string[]) => {
    try {
      const r = await promisify(execFile)(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'ipclab-cli-report-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('with no submission path, test_code re-runs from where ipclab ran, never through an absolute path', async () => {
    const repo = join(tmp, 'repo');
    expect((await runIn(tmp, 'init', repo, '--exercise', 'pipe-copy')).code).toBe(0);
    const out = join(tmp, 'out');
    for (const [cwd, path] of [[repo, '.'], [join(repo, 'pipe-copy'), '..']]) {
      const r = await runIn(cwd, 'grade', '--test', 'short-line', '--format', 'classroom', '--out-dir', out, '--exit-zero', '-q');
      expect(r.code).toBe(0);
      const tests = JSON.parse(readFileSync(join(out, 'classroom-result.json'), 'utf8')).tests as Array<{ test_code: string }>;
      expect(tests.map((t) => t.test_code)).toEqual([`ipclab grade ${path} --exercise pipe-copy --test short-line`]);
    }
  }, 60000);

  it('--junit-flavour ant writes the Ant shape; an unknown flavour is one line and exit 2', async () => {
    const out = join(tmp, 'out');
    const r = await runIn(root, 'grade', 'examples/sample-submission', '--exercise', 'pipe-copy', '--test', 'short-line', '--format', 'junit', '--junit-flavour', 'ant', '--out-dir', out, '--exit-zero', '-q');
    expect(r.code).toBe(0);
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites>\s*<testsuite name="pipe-copy" [^>]*hostname="[^"]+" id="0" package="ipclab"/);
    const bad = await runIn(root, 'grade', 'examples/sample-submission', '--format', 'junit', '--junit-flavour', 'surefire');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(["ipclab: option '--junit-flavour <flavour>' argument 'surefire' is invalid. Allowed choices are jenkins, ant."]);
  }, 60000);
});
