// Classroom 50's autograder kit run as Classroom 50's runner runs it (runner.py run_entrypoint):
// `python3 <entrypoint>` with the student's checkout as the working directory, the identity
// variables in the environment and CLASSROOM50_BUNDLE_DIR naming the assignment's extracted bundle,
// also when the entrypoint is the classroom-wide default CLASSROOM/autograder.py written beside
// it. Each result.json is then validated against classroom50/result/v1.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { packageRoot } from '../harness/settings.js';

const root = packageRoot();
const cli = join(root, 'dist', 'bin', 'ipclab.js');
const exec = promisify(execFile);
const schema = JSON.parse(readFileSync(join(root, 'test', 'grader', 'report', 'classroom50-result-v1.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

let tmp: string;
let bundle: string;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ipclab-c50-'));
  bundle = join(tmp, 'bundle');
  // two assignments, each mapped to its own exercise, with the catalogue shipped in the bundle
  await exec(process.execPath, [cli, 'kit', 'classroom50', bundle, '--catalogue', join(root, 'exercises'), '--assignment', 'pipes=pipe-copy', '--assignment', 'queues=msgq-ping-pong'], { timeout: 120_000 });
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A student checkout with the correct solution's sources at its top, as a one-exercise assignment keeps them. */
function checkout(name: string, exercise: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  const sol = join(root, 'exercises', exercise, 'solutions', 'correct');
  for (const f of readdirSync(sol).filter((n) => n !== 'solution.yaml')) cpSync(join(sol, f), join(dir, f));
  return dir;
}

/** The runner's layout: runtime/<slug>/ the extracted bundle; the entrypoint there or, as the classroom default, in runtime/. */
function runtime(name: string, slug: string, classroomDefault: boolean): { entrypoint: string; bundleDir: string } {
  const dir = join(tmp, name);
  const bundleDir = join(dir, slug);
  cpSync(bundle, bundleDir, { recursive: true });
  if (!classroomDefault) return { entrypoint: join(bundleDir, 'autograder.py'), bundleDir };
  rmSync(join(bundleDir, 'autograder.py'));
  cpSync(join(bundle, 'autograder.py'), join(dir, 'autograder.py'));
  return { entrypoint: join(dir, 'autograder.py'), bundleDir };
}

async function runAsTheRunner(entrypoint: string, bundleDir: string, cwd: string, assignment: string, scratch = tmp) {
  // this machine's npm settings (registry, CA) pass through; nothing of a CI does
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|RUNNER_|CI$|IPCLAB_)/.test(k)));
  const env = {
    ...inherited, TMPDIR: scratch, NO_COLOR: '1',
    CLASSROOM: 'ipc-2026', ASSIGNMENT: assignment, SUBMISSION_TAG: 'submit/2026-12-02T10-00-00Z-abc1234',
    USERNAME: 'alice', OWNER: 'alice', ASSIGNMENT_TYPE: 'individual',
    COMMIT_URL: 'https://github.com/o/r/commit/abc', RELEASE_URL: 'https://github.com/o/r/releases/tag/x', REVIEW_URL: 'https://github.com/o/r/compare/a...b',
    CLASSROOM50_BUNDLE_DIR: bundleDir,
  };
  const r = await exec('python3', [entrypoint], { cwd, env, timeout: 240_000, maxBuffer: 16 << 20 }).then((x) => ({ code: 0, ...x }), (e) => e);
  const result = JSON.parse(readFileSync(join(cwd, 'result.json'), 'utf8'));
  return { code: r.code as number, stdout: String(r.stdout), stderr: String(r.stderr), result, body: readFileSync(join(cwd, 'release-body.md'), 'utf8') };
}

describe("Classroom 50's autograder, run as its runner runs it", () => {
  it('the kit writes ipclab.json with the package, the catalogue and the assignments, and the same inside the script', () => {
    const config = JSON.parse(readFileSync(join(bundle, 'ipclab.json'), 'utf8'));
    expect(config).toEqual({ package: expect.stringMatching(/^ipclab-.*\.tgz$/), catalogue: 'exercises', assignments: { pipes: ['pipe-copy'], queues: ['msgq-ping-pong'] } });
    expect(readFileSync(join(bundle, 'autograder.py'), 'utf8')).toContain(`\nCONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})  #`);
    expect(readdirSync(join(bundle, 'exercises')).sort()).toEqual(['msgq-ping-pong', 'pipe-copy', 'schema.json']);
  });

  it('grades each of two assignments with its own exercise, through the classroom-wide default and a per-assignment entrypoint', async () => {
    const a = runtime('rt-pipes', 'pipes', true);
    const pipes = await runAsTheRunner(a.entrypoint, a.bundleDir, checkout('co-pipes', 'pipe-copy'), 'pipes');
    expect(pipes.code).toBe(0);
    expect(validate(pipes.result)).toBe(true);
    expect(pipes.result.tests.map((t: { 'test-name': string }) => t['test-name'].split('/')[0])).toEqual(Array(6).fill('pipe-copy'));
    expect([pipes.result.score, pipes.result['max-score']]).toEqual([13, 13]);
    expect(pipes.stderr).toContain("assignment 'pipes': pipe-copy (from ipclab.json assignments['pipes'])");

    const b = runtime('rt-queues', 'queues', false);
    const queues = await runAsTheRunner(b.entrypoint, b.bundleDir, checkout('co-queues', 'msgq-ping-pong'), 'queues');
    expect(queues.code).toBe(0);
    expect(validate(queues.result)).toBe(true);
    expect(new Set(queues.result.tests.map((t: { 'test-name': string }) => t['test-name'].split('/')[0]))).toEqual(new Set(['msgq-ping-pong']));
    expect([queues.result.score, queues.result['max-score']]).toEqual([14, 14]);
    expect(queues.result).toMatchObject({ classroom: 'ipc-2026', assignment: 'queues', owner: 'alice', submission: 'submit/2026-12-02T10-00-00Z-abc1234' });
  }, 480_000);

  it('a slug that maps to nothing gets a valid result.json with one error entry that says why, and exit 0', async () => {
    const c = runtime('rt-other', 'essay', true);
    const r = await runAsTheRunner(c.entrypoint, c.bundleDir, checkout('co-other', 'pipe-copy'), 'essay');
    expect(r.code).toBe(0);
    expect(validate(r.result)).toBe(true);
    expect(r.result.tests).toHaveLength(1);
    expect(r.result.tests[0]).toMatchObject({ passed: false, score: 0, 'max-score': 0 });
    expect(r.result.tests[0].message).toBe(`the assignment 'essay' maps to no ipclab exercise: it is not in ipclab.json's "assignments" (pipes, queues), no exercise is configured, the repository has no exercise folder, and the slug is not an exercise id`);
    expect([r.result.score, r.result['max-score']]).toEqual([0, 0]);
    expect(r.body).toContain('not your fault');
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("maps to no ipclab exercise");
  }, 240_000);

  it('without a bundle, the classroom-wide default installs the package named in its CONFIG', async () => {
    // the runner points CLASSROOM50_BUNDLE_DIR at the entrypoint's own folder when no bundle was extracted
    const dir = join(tmp, 'rt-bare');
    mkdirSync(dir);
    const tarball = readdirSync(bundle).find((f) => f.endsWith('.tgz'))!;
    const script = readFileSync(join(bundle, 'autograder.py'), 'utf8').replace(/^CONFIG = .*$/m, `CONFIG = json.loads(${JSON.stringify(JSON.stringify({ package: join(bundle, tarball), assignments: { pipes: ['pipe-copy'] } }))})`).replace(/^CATALOGUE = .*$/m, 'CATALOGUE = ""');
    // (a kit made with --package <npm spec> and ipclab's own exercises; a local tarball stands in for the spec)
    writeFileSync(join(dir, 'autograder.py'), script);
    // a scratch folder of its own: ipclab is installed afresh, from CONFIG's package
    const scratch = join(tmp, 'scratch-bare');
    mkdirSync(scratch);
    const r = await runAsTheRunner(join(dir, 'autograder.py'), dir, checkout('co-bare', 'pipe-copy'), 'pipes', scratch);
    expect(r.stderr).toContain(`installing ${tarball}`);
    expect(r.code).toBe(0);
    expect(validate(r.result)).toBe(true);
    expect([r.result.score, r.result['max-score']]).toEqual([13, 13]);
  }, 240_000);
});
