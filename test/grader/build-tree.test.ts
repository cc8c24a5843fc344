// The root-side file I/O of a build (grader/build/tree.ts) on real trees: which links a submission
// may hold, what stops a copy, and that nothing is written or read through a link.
import { chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, symlinkSync, truncateSync, writeFileSync, lstatSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { copyOwnedTree, copySubmission, MAX_EXERCISE_BYTES, MAX_EXERCISE_ENTRIES, notRunnable, TreeError, writeNew } from '../../grader/build/tree.js';

let base: string;
let src: string;
let dst: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ipclab-tree-'));
  src = join(base, 'sub', 'ex');
  dst = join(base, 'bin');
  mkdirSync(src, { recursive: true });
  mkdirSync(dst);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const copy = () => copySubmission(src, dst, 'ex');

describe('copySubmission', () => {
  it('copies files, folders and links inside, rewriting absolute links inside to relative ones', () => {
    mkdirSync(join(src, 'lib'));
    writeFileSync(join(src, 'lib', 'a.c'), 'int a;\n');
    symlinkSync('lib/a.c', join(src, 'a.c'));
    symlinkSync(join(src, 'lib', 'a.c'), join(src, 'abs.c'));
    symlinkSync('../a.c', join(src, 'lib', 'up.c'));
    symlinkSync('later/made.o', join(src, 'dangling')); // descends only: may name what the build makes
    const t = copy();
    expect(t.problems).toEqual([]);
    expect(readlinkSync(join(dst, 'abs.c'))).toBe('lib/a.c');
    expect(readFileSync(join(dst, 'lib', 'up.c'), 'utf8')).toBe('int a;\n');
  });

  it('names every link that leaves the folder, however it is spelled', () => {
    mkdirSync(join(src, 'a', 'b'), { recursive: true });
    writeFileSync(join(base, 'secret'), 'secret\n');
    symlinkSync(join(base, 'secret'), join(src, 'abs'));
    symlinkSync('../../secret', join(src, 'rel'));
    symlinkSync('../..', join(src, 'a', 'b', 'top')); // the folder itself: allowed
    symlinkSync('a/b/top/..', join(src, 'climb')); // lexically inside, really the parent of the folder
    symlinkSync('nothing/../../x', join(src, 'gone'));
    const t = copy();
    expect(t.problems.sort()).toEqual([
      'ex/abs is a symbolic link to a file outside ex/',
      'ex/climb is a symbolic link to a file outside ex/ (or to nothing)',
      'ex/gone is a symbolic link to a file outside ex/',
      'ex/rel is a symbolic link to a file outside ex/',
    ]);
  });

  it('names a FIFO and a socket without opening them', async () => {
    await execa('mkfifo', [join(src, 'fifo')]);
    const server = createServer();
    await new Promise<void>((ok) => server.listen(join(src, 'sock'), ok));
    try {
      expect(copy().problems.sort()).toEqual([
        'ex/fifo is a FIFO (named pipe): a submission holds only files, folders and links inside it',
        'ex/sock is a socket: a submission holds only files, folders and links inside it',
      ]);
    } finally {
      server.close();
    }
  });

  it('refuses an exercise folder that is a link', () => {
    const real = join(base, 'real');
    mkdirSync(real);
    rmSync(src, { recursive: true });
    symlinkSync(real, src);
    expect(copy).toThrow(new TreeError('ex/ is a symbolic link: the exercise folder must be a real folder'));
  });

  it('stops past the limits on entries and bytes, and skips node_modules and .git', () => {
    mkdirSync(join(src, 'node_modules'));
    for (let i = 0; i < 3000; i++) writeFileSync(join(src, 'node_modules', `m${i}`), '');
    mkdirSync(join(src, '.git'));
    writeFileSync(join(src, 'a.c'), '');
    expect(copy().problems).toEqual([]);
    expect(existsSync(join(dst, 'node_modules'))).toBe(false);
    for (let i = 0; i < MAX_EXERCISE_ENTRIES; i++) writeFileSync(join(src, `f${i}`), '');
    rmSync(dst, { recursive: true });
    mkdirSync(dst);
    expect(copy).toThrow(/holds more than 2000 files/);
  });

  it('stops before reading a file past the byte limit', () => {
    const big = join(src, 'big');
    closeSync(openSync(big, 'w'));
    truncateSync(big, MAX_EXERCISE_BYTES + 1); // sparse: nothing is written
    expect(copy).toThrow(/holds more than 64 MiB \(at ex\/big\)/);
  });

  it('hashes the same tree the same, and a changed link target differently', () => {
    writeFileSync(join(src, 'a.c'), 'x');
    symlinkSync('a.c', join(src, 'l'));
    const one = copy().digest;
    rmSync(dst, { recursive: true });
    mkdirSync(dst);
    expect(copy().digest).toBe(one);
    rmSync(join(src, 'l'));
    symlinkSync('./a.c', join(src, 'l'));
    rmSync(dst, { recursive: true });
    mkdirSync(dst);
    expect(copy().digest).not.toBe(one);
  });
});

describe('writeNew and notRunnable', () => {
  it('replaces a link by a file and leaves what it pointed to alone', () => {
    const target = join(base, 'target');
    writeFileSync(target, 'keep\n', { mode: 0o600 });
    symlinkSync(target, join(dst, 'prog'));
    writeNew(join(dst, 'prog'), '#!/bin/sh\n', 0o755);
    expect(readFileSync(target, 'utf8')).toBe('keep\n');
    expect(lstatSync(target).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(dst, 'prog')).isFile()).toBe(true);
    expect(lstatSync(join(dst, 'prog')).mode & 0o777).toBe(0o755);
  });

  it('says why an entry is not a program', () => {
    writeFileSync(join(dst, 'exe'), '', { mode: 0o755 });
    writeFileSync(join(dst, 'plain'), '', { mode: 0o644 });
    symlinkSync('exe', join(dst, 'link'));
    mkdirSync(join(dst, 'dir'));
    expect(notRunnable(join(dst, 'exe'))).toBeUndefined();
    expect(notRunnable(join(dst, 'plain'))).toBe('is not executable');
    expect(notRunnable(join(dst, 'link'))).toMatch(/^is a symbolic link, not a program/);
    expect(notRunnable(join(dst, 'dir'))).toBe('is a folder, not a program');
    expect(notRunnable(join(dst, 'none'))).toBe('was not built');
  });
});

const asRoot = process.getuid?.() === 0 ? it : it.skip;
describe('copyOwnedTree', () => {
  asRoot('copies only a tree its owner owns entirely', () => {
    mkdirSync(join(src, 'd'));
    writeFileSync(join(src, 'd', 'f'), 'f');
    symlinkSync('d/f', join(src, 'l'));
    copyOwnedTree(src, join(base, 'out1'), 0, 1 << 20);
    expect(readlinkSync(join(base, 'out1', 'l'))).toBe('d/f');
    chownSync(join(src, 'd', 'f'), 12345, 12345);
    expect(() => copyOwnedTree(src, join(base, 'out2'), 0, 1 << 20)).toThrow(TreeError);
  });
});
