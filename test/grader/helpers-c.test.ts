// Exercise helpers in C: helpers/<name>.c is compiled once per content hash into the cache folder,
// copied into each build's root-owned helpers folder (the sources stay out), and a helper that
// does not compile is the instructor's error: one line, exit 2.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../grader/errors.js';
import { makeBuildFolder } from '../../grader/build/folder.js';
import { compiledHelpers, forgetCompiledHelpers, helperCompilations } from '../../grader/build/helpers.js';
import { gradeSubmission } from '../../grader/grade.js';
import { releaseTempFolder } from '../../harness/interrupt.js';
import { packageRoot, resetSettings } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';

const GREET = '#include <stdio.h>\n#include "greet.h"\nint main(void) { puts(GREETING); return 0; }\n';

describe('C exercise helpers', () => {
  const saved = process.env.XDG_CACHE_HOME;
  let scratch: string;
  let ex: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'ipclab-helpers-c-'));
    process.env.XDG_CACHE_HOME = join(scratch, 'cache');
    resetSettings();
    forgetCompiledHelpers();
    ex = join(scratch, 'ex');
    mkdirSync(join(ex, 'helpers'), { recursive: true });
    writeFileSync(join(ex, 'helpers', 'greet.c'), GREET);
    writeFileSync(join(ex, 'helpers', 'greet.h'), '#define GREETING "hello from greet"\n');
    writeFileSync(join(ex, 'helpers', 'script'), '#!/bin/sh\necho script\n', { mode: 0o755 });
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
    resetSettings();
    forgetCompiledHelpers();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('compiles a helper once per content: the second time (another process) takes the cached binary', async () => {
    const before = helperCompilations;
    // two builds at once share one compile
    const [[first], [twin]] = await Promise.all([compiledHelpers(ex), compiledHelpers(ex)]);
    expect(twin.path).toBe(first.path);
    expect(first.name).toBe('greet');
    expect(first.path.startsWith(join(scratch, 'cache', 'ipclab', 'helpers'))).toBe(true);
    expect(helperCompilations).toBe(before + 1);
    expect(spawnSync(first.path, { encoding: 'utf8' }).stdout).toBe('hello from greet\n');
    const mtime = statSync(first.path).mtimeMs;
    forgetCompiledHelpers(); // as a new ipclab process would: only the cache folder is left
    const [again] = await compiledHelpers(ex);
    expect(again.path).toBe(first.path);
    expect(statSync(again.path).mtimeMs).toBe(mtime);
    expect(helperCompilations).toBe(before + 1);
    // a changed header is a new helper
    writeFileSync(join(ex, 'helpers', 'greet.h'), '#define GREETING "hello again"\n');
    const [changed] = await compiledHelpers(ex);
    expect(changed.path).not.toBe(first.path);
    expect(helperCompilations).toBe(before + 2);
    expect(spawnSync(changed.path, { encoding: 'utf8' }).stdout).toBe('hello again\n');
  });

  it('puts the binary, not the source, in the build\'s root-owned helpers folder, beside the scripts', async () => {
    const { root } = await makeBuildFolder('helpers-c', undefined, ex);
    try {
      const dir = join(root, 'helpers');
      expect(readdirSync(dir).sort()).toEqual(['greet', 'script']);
      const st = lstatSync(join(dir, 'greet'));
      expect(st.isFile()).toBe(true);
      expect(st.uid).toBe(process.getuid?.());
      expect(st.mode & 0o777).toBe(0o755);
      expect(spawnSync(join(dir, 'greet'), { encoding: 'utf8' }).stdout).toBe('hello again\n');
    } finally {
      releaseTempFolder(root);
    }
  });

  it('a helper that does not compile is one instructor error line: validate and grade exit 2', async () => {
    const bad = join(scratch, 'bad');
    mkdirSync(join(bad, 'helpers'), { recursive: true });
    writeFileSync(join(bad, 'helpers', 'broken.c'), 'int main(void) { return undeclared; }\n');
    await expect(compiledHelpers(bad)).rejects.toThrow(UsageError);
    await expect(compiledHelpers(bad)).rejects.toThrow(/broken\.c: the helper does not compile: .*undeclared/);
    // a catalogue whose mmap-counter has the broken helper too
    const catalogue = join(scratch, 'catalogue');
    cpSync(join(packageRoot(), 'exercises', 'mmap-counter'), join(catalogue, 'mmap-counter'), { recursive: true });
    cpSync(join(bad, 'helpers', 'broken.c'), join(catalogue, 'mmap-counter', 'helpers', 'broken.c'));
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(packageRoot(), 'dist', 'bin', 'ipclab.js'), ...args], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') } });
    const validate = cli('validate', join(catalogue, 'mmap-counter'));
    expect(validate.status).toBe(2);
    expect(validate.stderr.trim().split('\n')).toEqual([expect.stringMatching(/broken\.c: the helper does not compile: .*undeclared/)]);
    const grade = cli('grade', join(packageRoot(), 'reference'), '--exercise', 'mmap-counter', '--catalogue', catalogue);
    expect(grade.status).toBe(2);
    expect(grade.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ipclab: .*broken\.c: the helper does not compile: /)]);
    expect(grade.stdout).not.toMatch(/✘|failed/); // not a student's failure: nothing was graded
  }, 60000);

  it('a compiled helper is on PATH in a test: mmap-counter\'s held-semaphore passes the correct solution', async () => {
    const sub = join(scratch, 'sub');
    cpSync(join(packageRoot(), 'exercises', 'mmap-counter', 'solutions', 'correct'), join(sub, 'mmap-counter'), { recursive: true, filter: (p) => !p.endsWith('solution.yaml') });
    const catalogue = loadCatalogue(undefined, ['mmap-counter']);
    const r = await gradeSubmission(sub, { exercises: ['mmap-counter'], tests: ['held-semaphore'], catalogue });
    const t = r.exercises[0].tests[0];
    expect([t.name, t.status, t.reason]).toEqual(['held-semaphore', 'passed', undefined]);
    expect(existsSync(join(scratch, 'cache', 'ipclab', 'helpers'))).toBe(true);
  }, 60000);
});
