// Exploit: a student reads the solutions out of what ipclab hands out. The npm package, the
// repository `ipclab init --package` makes and the autograder bundles `ipclab kit` makes must hold
// no known solution and no reference solution, by path or by content — and the packed package
// must still grade, a TypeScript submission that imports 'ipclab/ipc' too.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, workspace, type Workspace } from './grader.js';

const root = packageRoot();

// What may not leave the repository, written apart from kits/distribution.ts (the code under test).
const FORBIDDEN = [/(^|\/)exercises\/[^/]+\/solutions\//, /^(dist\/)?reference\/[^/]+\//];
const forbidden = (path: string) => FORBIDDEN.some((r) => r.test(path.replace(/^package\//, '')));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Sources of known and reference solutions by hash, except files students get anyway (starter). */
function secretSources(): Map<string, string> {
  const ids = readdirSync(join(root, 'exercises')).filter((id) => existsSync(join(root, 'exercises', id, 'exercise.yaml')));
  const given = new Set(ids.flatMap((id) => walk(join(root, 'exercises', id, 'starter')).map((f) => sha(join(root, 'exercises', id, 'starter', f)))));
  const secrets = new Map<string, string>();
  const add = (dir: string) => {
    for (const f of walk(dir).filter((n) => /\.(c|h|ts)$/.test(n))) {
      const h = sha(join(dir, f));
      if (!given.has(h)) secrets.set(h, relative(root, join(dir, f)));
    }
  };
  for (const id of ids) add(join(root, 'exercises', id, 'solutions'));
  for (const id of readdirSync(join(root, 'reference'))) add(join(root, 'reference', id));
  return secrets;
}
const SECRETS = secretSources();

async function untar(tarball: string): Promise<Workspace> {
  const w = workspace('root', 'ipclab-untar-');
  await execa('tar', ['-xzf', tarball, '-C', w.dir]);
  return w;
}

/** Every solution in a folder: forbidden paths, solution contents, and the same inside each .tgz. */
async function leaks(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const rel of walk(dir)) {
    if (forbidden(rel)) out.push(rel);
    const secret = SECRETS.get(sha(join(dir, rel)));
    if (secret) out.push(`${rel} holds ${secret}`);
    if (rel.endsWith('.tgz')) {
      const inner = await untar(join(dir, rel));
      try {
        out.push(...(await leaks(inner.dir)).map((l) => `${rel}: ${l}`));
      } finally {
        inner.remove();
      }
    }
  }
  return out;
}

/** A tarball laid out like npm's, with a solution in it. */
async function leakyTarball(dir: string): Promise<string> {
  const sol = join(dir, 'leaky', 'package', 'exercises', 'pipe-copy', 'solutions', 'correct');
  mkdirSync(sol, { recursive: true });
  cpSync(join(root, 'exercises/pipe-copy/solutions/correct/pipe_copy.c'), join(sol, 'pipe_copy.c'));
  writeFileSync(join(dir, 'leaky', 'package', 'package.json'), '{ "name": "ipclab", "version": "0.0.1" }\n');
  const tarball = join(dir, 'ipclab-0.0.1.tgz');
  await execa('tar', ['-czf', tarball, '-C', join(dir, 'leaky'), 'package']);
  chmodSync(tarball, 0o644);
  return tarball;
}

async function packList(cwd: string): Promise<string[]> {
  const r = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd });
  return (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
}

describe('the leak detector itself', () => {
  it('finds solutions by path and by content, also inside a tarball', async () => {
    const w = workspace('root', 'ipclab-dist-');
    try {
      expect(await leaks(join(root, 'exercises', 'pipe-copy'))).toEqual(expect.arrayContaining([expect.stringMatching(/^solutions\/correct\/pipe_copy\.c holds exercises\/pipe-copy\/solutions\/correct\/pipe_copy\.c$/)]));
      expect(await leaks(join(root, 'reference', 'pipe-copy'))).toHaveLength(1);
      await leakyTarball(w.dir);
      rmSync(join(w.dir, 'leaky'), { recursive: true });
      expect(await leaks(w.dir)).toEqual(expect.arrayContaining(['ipclab-0.0.1.tgz: package/exercises/pipe-copy/solutions/correct/pipe_copy.c']));
      expect(forbidden('dist/reference/pipe-copy/pipe_copy.js')).toBe(true);
      expect(forbidden('dist/reference/lib/ipc.js')).toBe(true);
      expect(forbidden('dist/lib/ipc/index.js')).toBe(false);
    } finally {
      w.remove();
    }
  });
});

describe('the npm package', () => {
  it('lists no solution by path or by content, and keeps the published bindings', async () => {
    const files = await packList(root);
    expect(files.filter(forbidden)).toEqual([]);
    expect(files.filter((f) => SECRETS.has(sha(join(root, f))))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const targets = [pkg.bin.ipclab, pkg.exports['.'], pkg.exports['./ipc'].types, pkg.exports['./ipc'].default].map((p: string) => p.replace(/^\.\//, ''));
    // the bindings are several modules: every compiled one ships
    const bindings = readdirSync(join(root, 'dist/lib/ipc')).map((f) => `dist/lib/ipc/${f}`);
    expect(bindings.length).toBeGreaterThan(2);
    expect(files).toEqual(expect.arrayContaining([...targets, ...bindings, 'exercises/schema.json', 'exercises/pipe-copy/exercise.yaml', 'exercises/pipe-copy/starter/pipe_copy.c', 'exercises/popen-pager/helpers/more', 'kits/student/grade.yml']));
  }, 60000);

  it('leaves out stale compiled references and solutions a build or an instructor left behind', async () => {
    const w = workspace('root', 'ipclab-dist-');
    try {
      cpSync(join(root, 'package.json'), join(w.dir, 'package.json'));
      const planted = ['dist/bin/ipclab.js', 'dist/lib/ipc/index.js', 'dist/lib/ipc/index.d.ts', 'dist/lib/ipc/sysv.js', 'lib/ipc/index.ts',
        'dist/reference/lib/ipc.js', 'dist/reference/lib/ipc.d.ts', 'dist/reference/pipe-copy/pipe_copy.js', 'reference/lib/ipc.ts', 'reference/pipe-copy/pipe_copy.ts', 'exercises/pipe-copy/exercise.yaml', 'exercises/pipe-copy/starter/pipe_copy.c',
        'exercises/pipe-copy/solutions/correct/pipe_copy.c', 'exercises/pipe-copy/solutions/README.md', 'exercises/new-one/solutions/buggy/x.c'];
      for (const f of planted) {
        mkdirSync(join(w.dir, f, '..'), { recursive: true });
        writeFileSync(join(w.dir, f), `${f}\n`);
      }
      expect((await packList(w.dir)).sort()).toEqual(['dist/bin/ipclab.js', 'dist/lib/ipc/index.d.ts', 'dist/lib/ipc/index.js', 'dist/lib/ipc/sysv.js', 'exercises/pipe-copy/exercise.yaml', 'exercises/pipe-copy/starter/pipe_copy.c', 'package.json']);
    } finally {
      w.remove();
    }
  }, 60000);
});

// Packed and installed once (as root); each grader mode then uses them read-only.
let shared: Workspace;
let tarball: string;
let leaky: string;
let installedCli: string;
beforeAll(async () => {
  shared = workspace('root', 'ipclab-dist-');
  for (const d of ['', 'pack', 'leaky']) {
    mkdirSync(join(shared.dir, d), { recursive: true });
    chmodSync(join(shared.dir, d), 0o755);
  }
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', join(shared.dir, 'pack')], { cwd: root });
  tarball = join(shared.dir, 'pack', pack.stdout.trim().split('\n').pop()!);
  chmodSync(tarball, 0o644);
  leaky = await leakyTarball(join(shared.dir, 'leaky'));
  const prefix = join(shared.dir, 'installed');
  await execa('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', tarball], { timeout: 240_000 });
  installedCli = join(prefix, 'node_modules', 'ipclab', 'dist', 'bin', 'ipclab.js');
  await execa(process.execPath, [installedCli, 'build-init']);
}, 300_000);
afterAll(() => shared?.remove());

describe('the packed package', () => {
  it('holds no solution, packed or installed', async () => {
    expect(await leaks(join(shared.dir, 'pack'))).toEqual([]);
    expect(await leaks(join(installedCli, '..', '..', '..'))).toEqual([]);
  });
});

describe.each(graders)('what ipclab hands out (grader: %s)', (as) => {
  let w: Workspace;
  beforeEach(() => {
    w = workspace(as, 'ipclab-dist-');
  });
  afterEach(() => w.remove());
  // an unprivileged grader keeps its temp folders and npm's cache in its own workspace (not root's)
  const own = (): Record<string, string> => (as !== 'root' ? { TMPDIR: w.dir, npm_config_cache: join(w.dir, '.npm'), npm_config_userconfig: join(w.dir, '.npmrc') } : {});
  const run = (args: string[], cli?: string) => ipclab(args, as, { home: w.dir, cwd: w.dir, cli, env: { NO_COLOR: '1', ...own() } });

  it('ipclab init --package: the student repository and the tarball in it hold no solution', async () => {
    const repo = join(w.dir, 'repo');
    const r = await run(['init', repo, '--package', tarball]);
    expect(r.code).toBe(0);
    expect(existsSync(join(repo, 'pipe-copy', 'pipe_copy.c'))).toBe(true);
    expect(readdirSync(join(repo, '.ipclab'))).toEqual([tarball.split('/').pop()]);
    expect(await leaks(repo)).toEqual([]);
  });

  it('ipclab init refuses a tarball that carries solutions, in one line, and makes nothing', async () => {
    const repo = join(w.dir, 'repo');
    const r = await run(['init', repo, '--package', leaky]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ipclab: .*carries 1 solution file \(package\/exercises\/pipe-copy\/solutions\/correct\/pipe_copy\.c, …\).*\n$/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(repo)).toBe(false);
  });

  it('ipclab kit gradescope with the course catalogue: scripts, tarball and exercises, no solution', async () => {
    const out = join(w.dir, 'gs');
    const r = await run(['kit', 'gradescope', out, '--package', tarball, '--catalogue', join(root, 'exercises'), '--exercise', 'pipe-copy', 'msgq-ping-pong']);
    expect(r.code).toBe(0);
    expect(walk(out).sort()).toEqual(expect.arrayContaining(['exercises/msgq-ping-pong/exercise.yaml', 'exercises/pipe-copy/starter/pipe_copy.c', 'exercises/schema.json', 'ipclab.conf', 'run_autograder', 'setup.sh']));
    expect(walk(out).some((f) => f.startsWith('exercises/popen-pager/'))).toBe(false);
    expect(readFileSync(join(out, 'ipclab.conf'), 'utf8')).toBe("EXERCISES='pipe-copy msgq-ping-pong'\nCATALOGUE=exercises\n");
    expect(await leaks(out)).toEqual([]);
  });

  it('ipclab kit classroom50 packs this ipclab itself, without solutions', async () => {
    const out = join(w.dir, 'c50');
    const r = await run(['kit', 'classroom50', out, '--catalogue', join(root, 'exercises')]);
    expect(r.code).toBe(0);
    expect(walk(out).filter((f) => !f.startsWith('exercises/'))).toEqual(expect.arrayContaining(['autograder.py', expect.stringMatching(/^ipclab-.*\.tgz$/)]));
    expect(readFileSync(join(out, 'autograder.py'), 'utf8')).toMatch(/^CATALOGUE = "exercises" /m);
    expect(walk(out).filter((f) => f.startsWith('exercises/pipe-copy/')).sort()).toEqual(['exercises/pipe-copy/README.md', 'exercises/pipe-copy/exercise.yaml', 'exercises/pipe-copy/starter-ts/pipe_copy.ts', 'exercises/pipe-copy/starter/Makefile', 'exercises/pipe-copy/starter/pipe_copy.c']);
    expect(await leaks(out)).toEqual([]);
  }, 120_000);

  it('ipclab kit refuses a tarball that carries solutions', async () => {
    const r = await run(['kit', 'gradescope', join(w.dir, 'gs'), '--package', leaky]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ipclab: .*carries 1 solution file/)]);
    expect(existsSync(join(w.dir, 'gs'))).toBe(false);
  });

  it('an installed ipclab says in one line that verify needs the source checkout, and new will not write into it', async () => {
    const v = await run(['verify', 'pipe-copy', '-n', '1'], installedCli);
    expect(v.code).toBe(2);
    expect(v.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ipclab: verify needs the catalogue's source checkout/)]);
    const installedExercises = join(installedCli, '..', '..', '..', 'exercises');
    const n = await run(['new', 'sneaky', '--catalogue', installedExercises, '--reference', join(w.dir, 'reference')], installedCli);
    expect(n.code).toBe(2);
    expect(n.stderr.trim().split('\n')).toEqual([expect.stringMatching(/inside the installed ipclab package/)]);
    expect(existsSync(join(installedExercises, 'sneaky'))).toBe(false);
  });

  // the sudo grader may start this checkout's init only (.ci/run's sudoers rule), not the installed package's
  (as === 'sudo' ? it.skip : it)('the installed package builds and runs a TypeScript submission that imports ipclab/ipc', async () => {
    const sub = join(w.dir, 'sub');
    cpSync(join(root, 'reference', 'pipe-copy'), join(sub, 'pipe-copy'), { recursive: true });
    // two tests, not the 4 MiB one: this is about the build from the package, not speed under load
    const r = await run(['grade', sub, '--exercise', 'pipe-copy', '--test', 'short-line', 'waits-for-child'], installedCli);
    expect(r.stdout).toMatch(/Score: 4\/4/);
    expect(r.code).toBe(0);
  }, 120_000);
});
