// Attacks on the build: links that would make root write outside the submission, a link to
// ipclab's own init, a cache poisoned by a tree that differs from the starter only by a link,
// and entries that would hang a copy. Each is proven from outside, as root and as a grader.
import { execa } from 'execa';
import { chmodSync, chownSync, copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { asGraderUid, graders, ipclab, workspace, GRADER_UID, type Grader, type Workspace } from './grader.js';

const repo = packageRoot();
const isRoot = process.getuid?.() === 0;
const starter = join(repo, 'exercises', 'pipe-copy', 'starter');
const correctC = join(repo, 'exercises', 'pipe-copy', 'solutions', 'correct', 'pipe_copy.c');
// a TypeScript pipe_copy that needs nothing: enough for the build to transpile it
const programTs = `process.stdin.pipe(process.stdout);\n`;

interface Result {
  exercises: Array<{ points: number; build: { status: string; log: string; missing: Record<string, string> }; tests: Array<{ name: string; status: string; points: number; reason?: string }> }>;
}

/** A file the attack would overwrite, owned by the grader (so only ipclab's own care protects it). */
function canary(ws: Workspace, as: Grader, name: string): { path: string; unchanged(): void } {
  const path = join(ws.dir, name);
  writeFileSync(path, `canary ${name}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  if (asGraderUid(as)) chownSync(path, GRADER_UID, GRADER_UID);
  const before = { bytes: readFileSync(path, 'latin1'), mode: statSync(path).mode };
  return {
    path,
    unchanged: () => {
      expect(readFileSync(path, 'latin1')).toBe(before.bytes);
      expect(statSync(path).mode).toBe(before.mode);
    },
  };
}

/** The grader's environment: its cache and temp folders in the workspace (the suite's TMPDIR may be root's alone). */
function envOf(ws: Workspace, env: Record<string, string>): Record<string, string> {
  return { IPCLAB_BUILD_CACHE: join(ws.dir, 'cache'), TMPDIR: join(ws.dir, 'tmp'), ...env };
}

/** `ipclab grade <sub> -e pipe-copy` as `as`, its json result. */
async function grade(ws: Workspace, as: Grader, sub: string, env: Record<string, string> = {}): Promise<Result> {
  const out = join(ws.dir, `result-${Math.random().toString(36).slice(2)}.json`);
  const r = await ipclab(['grade', sub, '--exercise', 'pipe-copy', '--format', 'json', '--out', out, '--exit-zero', '--quiet'], as, { home: ws.dir, env: envOf(ws, env), timeoutMs: 90_000 });
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(readFileSync(out, 'utf8')) as Result;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** What a grade says, without timings: each test's verdict and points. */
function verdicts(r: Result) {
  return r.exercises.map((e) => ({ points: e.points, tests: e.tests.map((t) => ({ name: t.name, status: t.status, points: t.points })) }));
}

function expectUnbuilt(r: Result, said: RegExp): void {
  const e = r.exercises[0];
  expect(e.build.status).toBe('failed');
  expect(e.build.log).toMatch(said);
  expect(e.build.missing.pipe_copy).toMatch(/^`pipe_copy` was not built: pipe-copy\//); // the first problem; the log has all
  expect(e.points).toBe(0);
  for (const t of e.tests) expect(t.status).not.toBe('passed');
}

describe.each(graders)('build attacks (grader: %s)', (as) => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace(as);
    chmodSync(ws.dir, 0o755); // so that, unfixed, the sandboxed build could read what the links name
    mkdirSync(join(ws.dir, 'tmp'), { mode: 0o755 });
    if (asGraderUid(as)) chownSync(join(ws.dir, 'tmp'), GRADER_UID, GRADER_UID);
  });
  afterEach(() => {
    const left = readdirSync(join(ws.dir, 'tmp'));
    ws.remove();
    expect(left).toEqual([]); // every build and test folder was removed
  });

  it('links to files outside the submission (.js output, wrapper name) are a build error, and nothing is written through them', async () => {
    const js = canary(ws, as, 'canary-js');
    const wrapper = canary(ws, as, 'canary-wrapper');
    const dir = join(ws.dir, 'sub', 'pipe-copy');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pipe_copy.ts'), programTs);
    symlinkSync(js.path, join(dir, 'pipe_copy.js'));
    symlinkSync('../../canary-wrapper', join(dir, 'pipe_copy'));
    const r = await grade(ws, as, join(ws.dir, 'sub'));
    js.unchanged();
    wrapper.unchanged();
    expectUnbuilt(r, /pipe-copy\/pipe_copy\.js is a symbolic link to a file outside pipe-copy\//);
    expect(r.exercises[0].build.log).toMatch(/pipe-copy\/pipe_copy is a symbolic link to a file outside pipe-copy\//);
  }, 120_000);

  it("a link to ipclab's init is never written through, and the score stays honest", async () => {
    const init = join(repo, 'build', 'ipclab-init');
    const realHash = sha256(init);
    const copy = join(ws.dir, 'init-copy');
    copyFileSync(init, copy);
    if (asGraderUid(as)) chownSync(copy, GRADER_UID, GRADER_UID);
    const copyHash = sha256(copy);
    const copyMode = statSync(copy).mode;
    const dir = join(ws.dir, 'sub', 'pipe-copy');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pipe_copy.ts'), programTs);
    symlinkSync(copy, join(dir, 'pipe_copy'));
    const r = await grade(ws, as, join(ws.dir, 'sub'));
    expect(sha256(copy)).toBe(copyHash);
    expect(statSync(copy).mode).toBe(copyMode);
    expect(sha256(init)).toBe(realHash);
    expectUnbuilt(r, /pipe-copy\/pipe_copy is a symbolic link to a file outside pipe-copy\//);
  }, 120_000);

  it('a program the build makes as a link (even to a file inside) is not built, with the reason', async () => {
    const dir = join(ws.dir, 'sub', 'pipe-copy');
    mkdirSync(dir, { recursive: true });
    copyFileSync(correctC, join(dir, 'pipe_copy.c'));
    writeFileSync(join(dir, 'Makefile'), 'pipe_copy: pipe_copy.c\n\tcc -o real_copy pipe_copy.c\n\tln -sf real_copy pipe_copy\n');
    const r = await grade(ws, as, join(ws.dir, 'sub'), { IPCLAB_BUILD_CACHE: '0' });
    expect(r.exercises[0].build.missing.pipe_copy).toMatch(/pipe-copy\/pipe_copy` is a symbolic link, not a program/);
    expect(r.exercises[0].points).toBe(0);
  }, 120_000);

  it.each([
    ['absolute', (ws: Workspace) => join(ws.dir, 'outside', 'trojan.mk')],
    ['relative', () => '../../../outside/trojan.mk'],
  ])("a class cannot poison another student's build through the cache (%s GNUmakefile link)", async (_kind, target) => {
    // the trojan: a pipe_copy that is `cat`, which passes what the starter fails
    mkdirSync(join(ws.dir, 'outside'), { mode: 0o755 });
    writeFileSync(join(ws.dir, 'outside', 'trojan.mk'), "pipe_copy:\n\tprintf '#!/bin/sh\\nexec cat\\n' > pipe_copy && chmod +x pipe_copy\n", { mode: 0o644 });
    const cls = join(ws.dir, 'class');
    for (const student of ['a-trojan', 'b-starter']) cpSync(starter, join(cls, student, 'pipe-copy'), { recursive: true });
    symlinkSync(target(ws), join(cls, 'a-trojan', 'pipe-copy', 'GNUmakefile'));
    const results = join(ws.dir, 'results');
    const batch = await ipclab(['grade-batch', cls, '--jobs', '1', '--exercise', 'pipe-copy', '--out', results], as, { home: ws.dir, env: envOf(ws, {}), timeoutMs: 180_000 });
    expect(batch.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
    const a = JSON.parse(readFileSync(join(results, 'students', 'a-trojan', 'result.json'), 'utf8')) as Result;
    const b = JSON.parse(readFileSync(join(results, 'students', 'b-starter', 'result.json'), 'utf8')) as Result;
    const honest = await grade(ws, as, join(cls, 'b-starter'), { IPCLAB_BUILD_CACHE: '0' });
    expect(verdicts(b)).toEqual(verdicts(honest));
    expectUnbuilt(a, /pipe-copy\/GNUmakefile is a symbolic link to a file outside pipe-copy\//);
    // the attack is worth something: the trojan, as a student's own GNUmakefile, scores more than the starter
    const own = join(ws.dir, 'own');
    cpSync(join(cls, 'b-starter'), own, { recursive: true });
    copyFileSync(join(ws.dir, 'outside', 'trojan.mk'), join(own, 'pipe-copy', 'GNUmakefile'));
    expect((await grade(ws, as, own, { IPCLAB_BUILD_CACHE: '0' })).exercises[0].points).toBeGreaterThan(honest.exercises[0].points);
  }, 300_000);

  it('file names that look like spec templates (`${nope}.c`, `${dir}.c`) are compiled as named, and the score is honest', async () => {
    const dir = join(ws.dir, 'sub', 'pipe-copy');
    mkdirSync(dir, { recursive: true });
    copyFileSync(correctC, join(dir, 'pipe_copy.c'));
    writeFileSync(join(dir, '${nope}.c'), 'int ipclab_helper_a(void) { return 1; }\n');
    writeFileSync(join(dir, '${dir}.c'), 'int ipclab_helper_b(void) { return 2; }\n');
    const r = await grade(ws, as, join(ws.dir, 'sub'), { IPCLAB_BUILD_CACHE: '0' });
    mkdirSync(join(ws.dir, 'plain', 'pipe-copy'), { recursive: true });
    copyFileSync(correctC, join(ws.dir, 'plain', 'pipe-copy', 'pipe_copy.c'));
    const honest = await grade(ws, as, join(ws.dir, 'plain'), { IPCLAB_BUILD_CACHE: '0' });
    expect(r.exercises[0].build.status).toBe('built');
    expect(verdicts(r)).toEqual(verdicts(honest));
  }, 120_000);

  it('a FIFO in a submission is a build error, and ipclab does not hang on it', async () => {
    const dir = join(ws.dir, 'sub', 'pipe-copy');
    mkdirSync(dir, { recursive: true });
    copyFileSync(correctC, join(dir, 'pipe_copy.c'));
    await execa('mkfifo', [join(dir, 'notes')]);
    const r = await grade(ws, as, join(ws.dir, 'sub'));
    expectUnbuilt(r, /pipe-copy\/notes is a FIFO/);
  }, 120_000);

  it('an exercise folder that is a link is a build error', async () => {
    const real = join(ws.dir, 'elsewhere', 'pipe-copy');
    mkdirSync(real, { recursive: true });
    copyFileSync(correctC, join(real, 'pipe_copy.c'));
    mkdirSync(join(ws.dir, 'sub'));
    symlinkSync(real, join(ws.dir, 'sub', 'pipe-copy'));
    const r = await grade(ws, as, join(ws.dir, 'sub'));
    expectUnbuilt(r, /pipe-copy\/ is a symbolic link/);
  }, 120_000);
});
