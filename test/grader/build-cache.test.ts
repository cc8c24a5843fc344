// Builds are cached by the hash of their sources: a regrade of the same sources builds nothing.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExercise } from '../../grader/build/build.js';
import { gradeSubmission } from '../../grader/grade.js';
import { packageRoot } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';

describe('build cache', () => {
  const saved = process.env.IPCLAB_BUILD_CACHE;
  let cache: string;
  let sub: string;
  beforeAll(() => {
    cache = mkdtempSync(join(tmpdir(), 'ipclab-cache-'));
    sub = mkdtempSync(join(tmpdir(), 'ipclab-sub-'));
    process.env.IPCLAB_BUILD_CACHE = cache;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.IPCLAB_BUILD_CACHE;
    else process.env.IPCLAB_BUILD_CACHE = saved;
    rmSync(cache, { recursive: true, force: true });
    rmSync(sub, { recursive: true, force: true });
  });

  it('builds once per content, for C and TypeScript, and the cached programs run', async () => {
    const catalogue = loadCatalogue();
    const ex = catalogue.find((e) => e.spec.id === 'popen-filter')!;
    cpSync(join(packageRoot(), 'reference', 'popen-filter'), join(sub, 'popen-filter'), { recursive: true });
    const first = await buildExercise(sub, ex.spec, ex.dir);
    first.cleanup();
    expect(first.cached).toBeUndefined();
    expect(readdirSync(cache).length).toBe(1);
    const again = await buildExercise(sub, ex.spec, ex.dir);
    again.cleanup();
    expect(again.cached).toBe(true);
    expect([...again.programs.keys()].sort()).toEqual(['lower', 'prompter']);
    // a graded run from the cache passes like a fresh build
    const r = await gradeSubmission(sub, { exercises: ['popen-filter'], catalogue });
    expect(r.points).toBe(r.maxPoints);
    // a changed source is a new build
    writeFileSync(join(sub, 'popen-filter', 'lower.ts'), `${'// changed\n'}${(await import('node:fs')).readFileSync(join(sub, 'popen-filter', 'lower.ts'), 'utf8')}`);
    const changed = await buildExercise(sub, ex.spec, ex.dir);
    changed.cleanup();
    expect(changed.cached).toBeUndefined();
    expect(readdirSync(cache).length).toBe(2);
  }, 120000); // two TypeScript builds, each type-checked

  it('keys on the whole tree: a tree that differs only by a link, a mode or an empty folder is a new build', async () => {
    const catalogue = loadCatalogue();
    const ex = catalogue.find((e) => e.spec.id === 'pipe-copy')!;
    const tree = mkdtempSync(join(tmpdir(), 'ipclab-sub-'));
    const dir = join(tree, 'pipe-copy');
    try {
      cpSync(join(packageRoot(), 'exercises/pipe-copy/solutions/correct/pipe_copy.c'), join(dir, 'pipe_copy.c'));
      const changes = [
        () => symlinkSync('pipe_copy.c', join(dir, 'notes')),
        () => chmodSync(join(dir, 'pipe_copy.c'), 0o600),
        () => mkdirSync(join(dir, 'empty')),
        () => (rmSync(join(dir, 'notes')), symlinkSync('empty', join(dir, 'notes'))),
      ];
      const before = readdirSync(cache).length;
      for (const change of [() => undefined, ...changes]) {
        change();
        const b = await buildExercise(tree, ex.spec, ex.dir);
        b.cleanup();
        expect(b.cached).toBeUndefined();
        expect([...b.programs.keys()]).toEqual(['pipe_copy']);
      }
      expect(readdirSync(cache).length).toBe(before + changes.length + 1);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 60000);

  it('remembers which programs were missing', async () => {
    const catalogue = loadCatalogue();
    const ex = catalogue.find((e) => e.spec.id === 'msgq-ping-pong')!;
    const half = mkdtempSync(join(tmpdir(), 'ipclab-sub-'));
    try {
      cpSync(join(packageRoot(), 'exercises/msgq-ping-pong/solutions/correct/msg_server.c'), join(half, 'msgq-ping-pong', 'msg_server.c'));
      for (const expectCached of [undefined, true]) {
        const b = await buildExercise(half, ex.spec, ex.dir);
        b.cleanup();
        expect(b.cached).toBe(expectCached);
        expect([...b.missing.keys()]).toEqual(['msg_client']);
        expect([...b.programs.keys()]).toEqual(['msg_server']);
      }
    } finally {
      rmSync(half, { recursive: true, force: true });
    }
  }, 60000);
});
