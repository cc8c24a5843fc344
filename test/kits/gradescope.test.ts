// Gradescope end to end: `ipclab kit gradescope` makes the autograder folder, and its
// run_autograder grades real submissions in a fake /autograder (a temp folder holding source/ —
// the kit —, submission/ and results/, as Gradescope lays them out), writing results.json as
// Gradescope reads it: valid against the documented fields, numbered, with the instructor's
// choice of visibility for hidden tests, and a result even when there is nothing to grade.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import { packageRoot } from '../../harness/settings.js';
import type { GradescopeResult } from '../../grader/report/gradescope.js';

const root = packageRoot();
const cli = join(root, 'dist', 'bin', 'ipclab.js');
const exec = promisify(execFile);
const schema = JSON.parse(readFileSync(join(root, 'test', 'grader', 'report', 'gradescope-results.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

let tmp: string;
let kit: string;
let bin: string;

/** An `ipclab` on PATH that is this checkout's CLI, as setup.sh's global install would give. */
function ipclabOnPath(dir: string): string {
  const b = join(dir, 'bin');
  mkdirSync(b, { recursive: true });
  writeFileSync(join(b, 'ipclab'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
  return b;
}

/** The course's catalogue: msgq-ping-pong, with queue-removed made a hidden test. */
function catalogue(dir: string): string {
  const cat = join(dir, 'catalogue');
  mkdirSync(cat);
  cpSync(join(root, 'exercises', 'schema.json'), join(cat, 'schema.json'));
  cpSync(join(root, 'exercises', 'msgq-ping-pong'), join(cat, 'msgq-ping-pong'), { recursive: true });
  const spec = join(cat, 'msgq-ping-pong', 'exercise.yaml');
  const yaml = readFileSync(spec, 'utf8');
  expect(yaml).toContain('  - name: queue-removed\n');
  writeFileSync(spec, yaml.replace('  - name: queue-removed\n', '  - name: queue-removed\n    hidden: true\n'));
  return cat;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ipclab-gradescope-'));
  bin = ipclabOnPath(tmp);
  // the packed ipclab setup.sh would install: a stand-in (this test runs the checkout's CLI)
  mkdirSync(join(tmp, 'pkg', 'package'), { recursive: true });
  writeFileSync(join(tmp, 'pkg', 'package', 'package.json'), '{"name":"ipclab","version":"0.0.0-test"}\n');
  await exec('tar', ['czf', join(tmp, 'ipclab-0.0.0-test.tgz'), '-C', join(tmp, 'pkg'), 'package']);
  kit = join(tmp, 'kit');
  await exec(process.execPath, [cli, 'kit', 'gradescope', kit, '--package', join(tmp, 'ipclab-0.0.0-test.tgz'), '--catalogue', catalogue(tmp), '--exercise', 'msgq-ping-pong', '--gradescope-hidden', 'visible']);
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Gradescope's run: /autograder/source is the kit, the upload in submission/; results.json back. */
async function runAutograder(name: string, upload: (submission: string) => void): Promise<{ results: GradescopeResult; stdout: string; stderr: string }> {
  const ag = join(tmp, name);
  cpSync(kit, join(ag, 'source'), { recursive: true });
  mkdirSync(join(ag, 'submission'), { recursive: true });
  upload(join(ag, 'submission'));
  const env = { ...process.env, NO_COLOR: '1', GRADESCOPE_ROOT: ag, PATH: `${bin}:${process.env.PATH}` };
  const r = await exec('bash', [join(ag, 'source', 'run_autograder')], { cwd: ag, env, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 });
  const results = JSON.parse(readFileSync(join(ag, 'results', 'results.json'), 'utf8')) as GradescopeResult;
  expect(validate(results)).toBe(true);
  expect(validate.errors ?? []).toEqual([]);
  return { results, stdout: r.stdout, stderr: r.stderr };
}

const copyDir = (from: string, to: string) => cpSync(from, to, { recursive: true });

describe("Gradescope's run_autograder in a fake /autograder", () => {
  it('the kit carries the instructor\'s choices in ipclab.conf, and no solutions', () => {
    expect(readFileSync(join(kit, 'ipclab.conf'), 'utf8')).toBe("EXERCISES='msgq-ping-pong'\nCATALOGUE=exercises\nGRADESCOPE_HIDDEN='visible'\n");
    expect(readdirSync(join(kit, 'exercises', 'msgq-ping-pong'))).not.toContain('solutions');
  });

  it('grades the sample uploaded as one enclosing folder: scores add up, tests numbered in order, the hidden one visible as chosen', async () => {
    const { results, stdout } = await runAutograder('sample', (s) => copyDir(join(root, 'examples', 'sample-submission', 'msgq-ping-pong'), join(s, 'myrepo-main', 'msgq-ping-pong')));
    expect(stdout).toMatch(/--gradescope-hidden visible/);
    const byName = Object.fromEntries(results.tests.map((t) => [t.name.split(' — ')[0], t]));
    expect(results.tests.map((t) => t.number)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7']);
    expect(results.tests.map((t) => t.name.split(' — ')[0].split('/')[1])).toEqual(['one-client', 'ten-clients', 'crossed-replies', 'late-client', 'queue-removed', 'no-server', 'usage-errors']);
    expect(results.score).toBe(results.tests.reduce((a, t) => a + t.score, 0));
    expect(results.tests.reduce((a, t) => a + t.max_score, 0)).toBe(14);
    // the sample replies with type 2 to everyone: it passes one client, crosses replies
    expect(byName['msgq-ping-pong/one-client']).toMatchObject({ status: 'passed', score: 2, max_score: 2 });
    expect(byName['msgq-ping-pong/crossed-replies']).toMatchObject({ status: 'failed', score: 0, max_score: 2 });
    expect(byName['msgq-ping-pong/crossed-replies'].output).toContain('messages went to the wrong processes');
    // the hidden test: its name alone (no title), shown as the kit chose
    expect(byName['msgq-ping-pong/queue-removed'].name).toBe('msgq-ping-pong/queue-removed');
    expect(byName['msgq-ping-pong/queue-removed'].visibility).toBe('visible');
    expect(results.tests.filter((t) => t.visibility !== 'visible')).toEqual([]);
    expect(results.output).toMatch(new RegExp(`^ipclab: ${results.score}/14 points`));
  }, 180_000);

  it('a build failure of bare files: every test failed at 0, the compiler\'s message in the output', async () => {
    const { results } = await runAutograder('broken', (s) => {
      const from = join(root, 'examples', 'sample-submission', 'msgq-ping-pong');
      for (const f of readdirSync(from)) cpSync(join(from, f), join(s, f));
      writeFileSync(join(s, 'msg_client.c'), readFileSync(join(s, 'msg_client.c'), 'utf8').replace(/return/, 'retur n'));
    });
    expect(results.score).toBe(0);
    expect(results.tests).toHaveLength(7);
    for (const t of results.tests) expect([t.status, t.score]).toEqual(['failed', 0]);
    expect(results.output).toContain('msgq-ping-pong: the build failed');
    expect(results.output).toMatch(/msgq-ping-pong\/msg_client\.c:\d+:\d+: error: /);
  }, 180_000);

  it('an upload without the programs: each test failed at 0, saying which file is missing', async () => {
    const { results } = await runAutograder('unrelated', (s) => writeFileSync(join(s, 'notes.txt'), 'hello\n'));
    expect(results.score).toBe(0);
    expect(results.tests.map((t) => [t.status, t.score])).toEqual(Array(7).fill(['failed', 0]));
    expect(results.tests[0].output).toContain('no msg_server.c (or msg_server.ts) in `msgq-ping-pong/`');
  }, 180_000);

  it('with no exercise configured and none in the upload, still a 0-point result that says why', async () => {
    const { results, stderr } = await runAutograder('nothing', (s) => {
      writeFileSync(join(s, 'notes.txt'), 'hello\n');
      writeFileSync(join(s, '..', 'source', 'ipclab.conf'), 'CATALOGUE=exercises\n');
    });
    expect(stderr).toMatch(/has no folder named after an exercise/);
    expect(results).toMatchObject({ score: 0, tests: [] });
    expect(results.output).toMatch(/^The autograder could not grade this submission \(ipclab exited with status 2\)/);
  }, 180_000);
});
