// The settings: what each environment variable makes, read once, and read nowhere else.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { packageRoot, readSettings, resetSettings, settings } from '../../harness/settings.js';
import { resetIsolation } from '../../harness/isolate/mode.js';

describe('readSettings', () => {
  it('has the defaults of an empty environment', () => {
    const s = readSettings({});
    expect(s).toEqual({
      isolation: 'auto',
      ci: false,
      uid: undefined,
      uidBase: 200000,
      testJobs: undefined,
      testCrash: undefined,
      cc: 'cc',
      cacheDir: join(homedir(), '.cache', 'ipclab'),
      buildCache: join(homedir(), '.cache', 'ipclab', 'builds'),
      specCache: join(homedir(), '.cache', 'ipclab', 'specs'),
      packageRoot: packageRoot(),
      strace: ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p)),
    });
  });

  it('reads each variable', () => {
    const s = readSettings({
      IPCLAB_ISOLATION: 'fallback', IPCLAB_UID: '1234', IPCLAB_UID_BASE: '300000', IPCLAB_TEST_JOBS: '3',
      IPCLAB_TEST_CRASH: 'bob', CC: 'gcc', XDG_CACHE_HOME: '/x/cache', IPCLAB_BUILD_CACHE: '/y/builds',
    });
    expect(s).toMatchObject({ isolation: 'fallback', uid: 1234, uidBase: 300000, testJobs: 3, testCrash: 'bob', cc: 'gcc' });
    expect(s.cacheDir).toBe('/x/cache/ipclab');
    expect(s.buildCache).toBe('/y/builds');
    expect(s.specCache).toBe('/x/cache/ipclab/specs');
  });

  it('puts every cache under one folder, and 0 turns a cache off', () => {
    const s = readSettings({ XDG_CACHE_HOME: '/c', IPCLAB_BUILD_CACHE: '0', IPCLAB_SPEC_CACHE: '0' });
    expect(s.cacheDir).toBe('/c/ipclab');
    expect(s.buildCache).toBeUndefined();
    expect(s.specCache).toBeUndefined();
    expect(readSettings({ XDG_CACHE_HOME: '/c' }).buildCache).toBe('/c/ipclab/builds');
  });

  it('reads CI and GITHUB_ACTIONS as set unless empty, false or 0', () => {
    expect(readSettings({ CI: 'true' }).ci).toBe(true);
    expect(readSettings({ GITHUB_ACTIONS: 'true' }).ci).toBe(true);
    expect(readSettings({ CI: '1' }).ci).toBe(true);
    for (const v of ['', 'false', 'FALSE', '0']) expect(readSettings({ CI: v, GITHUB_ACTIONS: v }).ci).toBe(false);
  });

  it('takes a mode by name', () => {
    for (const m of ['root', 'sudo', 'userns', 'isolated', 'fallback'] as const) expect(readSettings({ IPCLAB_ISOLATION: m }).isolation).toBe(m);
  });

  it('takes an unknown isolation for auto, as before', () => {
    expect(readSettings({ IPCLAB_ISOLATION: 'isolated' }).isolation).toBe('isolated');
    expect(readSettings({ IPCLAB_ISOLATION: 'bogus' }).isolation).toBe('auto');
    expect(readSettings({ IPCLAB_ISOLATION: '' }).isolation).toBe('auto');
  });

  it('finds the package root', () => {
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('ipclab');
  });
});

describe('settings()', () => {
  const saved = process.env.IPCLAB_UID_BASE;
  afterEach(() => {
    if (saved === undefined) delete process.env.IPCLAB_UID_BASE;
    else process.env.IPCLAB_UID_BASE = saved;
    resetSettings();
  });

  it('reads the environment once, again after a reset (resetIsolation resets it too)', () => {
    process.env.IPCLAB_UID_BASE = '400000';
    resetSettings();
    expect(settings().uidBase).toBe(400000);
    process.env.IPCLAB_UID_BASE = '500000';
    expect(settings().uidBase).toBe(400000);
    resetSettings();
    expect(settings().uidBase).toBe(500000);
    process.env.IPCLAB_UID_BASE = '600000';
    resetIsolation();
    expect(settings().uidBase).toBe(600000);
  });
});

/** Every .ts file of ipclab's own sources (not tests, not the student bindings' programs). */
function sources(dir = packageRoot(), rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, rel))) {
    const path = join(rel, name);
    if (statSync(join(dir, path)).isDirectory()) out.push(...sources(dir, path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('one home', () => {
  const files = ['bin', 'grader', 'harness', 'kits'].filter((d) => existsSync(join(packageRoot(), d))).flatMap((d) => sources(packageRoot(), d));
  const holding = (re: RegExp) => files.filter((f) => re.test(readFileSync(join(packageRoot(), f), 'utf8')));

  it('reads IPCLAB_* variables through settings only (readSettings takes the environment as an argument)', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(holding(/process\.env\.IPCLAB_[A-Z]|process\.env\[['"]IPCLAB_/)).toEqual([]);
    expect(holding(/\benv\.IPCLAB_(ISOLATION|UID|BUILD_CACHE|SPEC_CACHE|TEST_JOBS|TEST_CRASH)\b/)).toEqual(['harness/settings.ts']);
  });

  it('derives the cache folder in harness/settings.ts only', () => {
    expect(holding(/XDG_CACHE_HOME|homedir\(\)/)).toEqual(['harness/settings.ts']);
  });
});
