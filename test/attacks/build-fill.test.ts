// Issue 12, quotas for builds: a Makefile writes 1 MiB files until the disk is full and goes on
// trying (test/fixtures/attacks/build-fill/Makefile). Its folder is a copy in the build's own
// tmpfs (harness/run/plan.ts buildOut), so the fill stops at the build's disk limit: the build
// fails with that reason, nothing is copied back or left on the host, and the grade is written.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, privateTmp, workspace } from './grader.js';

const fixtures = join(packageRoot(), 'test', 'fixtures', 'attacks');
/** commandPlan's disk limit for a build step (harness/run/plan.ts DEFAULT_DISK_MB). */
const BUILD_LIMIT = 256 * 1024 * 1024;

interface Result { exercises: Array<{ build: { status: string; log: string }; tests: Array<{ status: string; points: number }> }> }

describe.each(graders)('a Makefile that fills the disk (grader: %s)', (as) => {
  it('is stopped at the build\'s limit with that reason, and leaves nothing on the host', async () => {
    const ws = workspace(as);
    try {
      const ex = join(ws.dir, 'sub', 'fill');
      mkdirSync(ex, { recursive: true });
      copyFileSync(join(fixtures, 'disk-fill', 'fill.c'), join(ex, 'fill.c'));
      copyFileSync(join(fixtures, 'build-fill', 'Makefile'), join(ex, 'Makefile'));
      const tmp = privateTmp(ws, as);
      const out = join(ws.dir, 'result.json');
      const r = await ipclab(['grade', join(ws.dir, 'sub'), '--catalogue', join(fixtures, 'disk-fill', 'catalogue'), '--format', 'json', '--out', out, '--exit-zero', '-q'], as, { home: ws.dir, env: { TMPDIR: tmp, IPCLAB_BUILD_CACHE: '0' } });
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const { build, tests } = (JSON.parse(readFileSync(out, 'utf8')) as Result).exercises[0];
      expect(build.status).toBe('failed');
      expect(build.log).toMatch(/^make failed \(the build wrote more than 256 MiB, the most it may write in its folder, \/tmp, \/var\/tmp and \/dev\/shm together\):/);
      // the folder make wrote in was the build's tmpfs of the limit, not the host's file system
      const fs = /build folder: (\d+) blocks of (\d+) bytes/.exec(build.log);
      expect(fs && Number(fs[1]) * Number(fs[2])).toBe(BUILD_LIMIT);
      expect(build.log).toContain('No space left on device');
      expect(tests.map((t) => [t.status, t.points])).toEqual([['skipped', 0]]);
      // nothing on the host: no build or run folder left in the grader's TMPDIR
      expect(readdirSync(tmp)).toEqual([]);
      expect(existsSync(out)).toBe(true);
    } finally {
      ws.remove();
    }
  }, 180_000);
});
