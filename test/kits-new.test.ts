// `ipclab new --kind`: each kind scaffolds its own shape, which validates at once and whose
// starter compiles (issue 19: the pipe kind takes no argument, so no `usage: %s <key>`).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dir as tmpDir } from 'tmp-promise';
import { packageRoot } from '../harness/settings.js';

const root = packageRoot();
const run = (cmd: string, args: string[], cwd: string) => promisify(execFile)(cmd, args, { cwd }).then(
  (r) => ({ code: 0, out: r.stdout + r.stderr }),
  (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
);
const ipclab = (args: string[], cwd: string) => run(process.execPath, [join(root, 'dist', 'bin', 'ipclab.js'), ...args], cwd);

const SHAPES = {
  pipe: { run: 'run: [tool]', usage: undefined, check: undefined },
  fifo: { run: 'run: [tool, "${dir}/fifo"]', usage: 'usage: %s <fifo-path>', check: 'files: { absent: ["${dir}/fifo"] }' },
  sysv: { run: 'run: [tool, "${key}"]', usage: 'usage: %s <key>', check: 'sysv: { type: msg, key: "${key}", absent: true }' },
  posix: { run: 'run: [tool, "${name}"]', usage: 'usage: %s <name>', check: 'posix: { type: mq, name: "${name}", absent: true }' },
  mmap: { run: 'run: [tool, "${dir}/shared.dat"]', usage: 'usage: %s <file>', check: undefined },
};

describe('ipclab new --kind', () => {
  it.each(Object.entries(SHAPES))('%s: its own shape, which validates, and a starter that compiles', async (kind, shape) => {
    const t = await tmpDir({ unsafeCleanup: true });
    try {
      const made = await ipclab(['new', `ex-${kind}`, '--kind', kind, '--program', 'tool', '--catalogue', join(t.path, 'exercises'), '--reference', join(t.path, 'reference')], t.path);
      expect(made.code).toBe(0);
      const dir = join(t.path, 'exercises', `ex-${kind}`);
      const yaml = readFileSync(join(dir, 'exercise.yaml'), 'utf8');
      expect(yaml).toContain(`main: { ${shape.run}, stdin: { text: "hello\\n" } }`);
      if (shape.check) expect(yaml).toContain(`      - ${shape.check}\n`);
      const starter = readFileSync(join(dir, 'starter', 'tool.c'), 'utf8');
      if (shape.usage) expect(starter).toContain(`fprintf(stderr, "${shape.usage}\\n", argv[0]);`);
      else expect(starter).not.toContain('usage');
      const ref = readFileSync(join(t.path, 'reference', `ex-${kind}`, 'tool.ts'), 'utf8');
      if (shape.usage) expect(ref).toContain(`usage('tool ${shape.usage.slice('usage: %s '.length)}')`);
      else expect(ref).not.toContain('usage');
      expect(await ipclab(['validate', dir], t.path)).toEqual({ code: 0, out: 'ok: 1 exercise, 1 tests\n' });
      // warnings are errors here: a starter that warns teaches the wrong thing
      const built = await run('make', ['-s', '-C', join(dir, 'starter'), 'CFLAGS=-std=gnu11 -Wall -Wextra -Werror -O2'], t.path);
      expect(built).toEqual({ code: 0, out: '' });
      expect(await run(join(dir, 'starter', 'tool'), shape.usage ? ['x'] : [], t.path)).toEqual({ code: 1, out: 'tool: not implemented\n' });
    } finally {
      await t.cleanup();
    }
  }, 30000);

  it('refuses an unknown kind in one line, exit 2', async () => {
    const t = await tmpDir({ unsafeCleanup: true });
    try {
      expect(await ipclab(['new', 'ex', '--kind', 'socket', '--catalogue', join(t.path, 'exercises')], t.path)).toEqual({ code: 2, out: "ipclab: option '-k, --kind <kind>' argument 'socket' is invalid. Allowed choices are pipe, fifo, sysv, posix, mmap.\n" });
    } finally {
      await t.cleanup();
    }
  });
});
