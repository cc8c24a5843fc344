// Issue 12, quotas: a submission fills /dev/shm, /tmp, /var/tmp and its working directory for as
// long as it can. The fill must stop at the test's disk limit for all of them together (not a
// limit per place), the test must end early with "disk limit exceeded" naming the limit and the
// places, and nothing of it may be left on the host.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { gradeFixtureProgram, graders, workspace } from './grader.js';

const here = join(packageRoot(), 'test', 'fixtures', 'attacks', 'disk-fill');
const LIMIT = 16 * 1024 * 1024;

interface Test { status: string; points: number; reason?: string; durationMs: number; findings: Array<{ actual?: string; rationale?: string }>; bounds?: string[] }

describe.each(graders)('a submission that fills the disk (grader: %s)', (as) => {
  it('stops at the quota with the verdict, early, and leaves nothing on the host', async () => {
    const ws = workspace(as);
    const hostShm = readdirSync('/dev/shm').filter((n) => n.includes('ipclab-attack-fill'));
    try {
      const { test, tmp, out } = await gradeFixtureProgram<Test>(ws, as, here, 'fill');
      expect({ status: test.status, points: test.points }).toEqual({ status: 'failed', points: 0 });
      // in a user namespace (no memory cgroup) memfds are files of the same tmpfs, and both say so
      const places = as === 'user' ? 'the working directory, /tmp, /var/tmp, /dev/shm and memfds' : 'the working directory, /tmp, /var/tmp and /dev/shm';
      expect(test.reason).toBe(`disk limit exceeded: your program filled the 16 MiB it may write (in ${places} together)`);
      // the fill was refused at the quota: what got into the four places together is at most the
      // limit (12 MiB was tried in each), and the first two held all there was
      const said = /wrote (\d+) (\d+) (\d+) (\d+) \(No space left on device\)/.exec(test.findings.map((f) => f.actual ?? f.rationale ?? '').join('\n'));
      expect(said).not.toBeNull();
      const got = said!.slice(1).map(Number);
      expect(got[0]).toBe(12 * 1024 * 1024);
      expect(got.reduce((a, b) => a + b)).toBeLessThanOrEqual(LIMIT);
      expect(got.reduce((a, b) => a + b)).toBeGreaterThan(LIMIT - 1024 * 1024);
      // stopped once the mount was full, not at the 20 s timeout
      expect(test.durationMs).toBeLessThan(10_000);
      expect(test.bounds).toContain(`disk: 16 MiB written in ${places} together (one tmpfs of that size; nothing else in the test's root is writable)`);
      // nothing on the host: no object in the host's /dev/shm, /tmp or /var/tmp, no run folder left
      expect(readdirSync('/dev/shm').filter((n) => n.includes('ipclab-attack-fill'))).toEqual(hostShm);
      for (const dir of ['/tmp', '/var/tmp']) expect(existsSync(join(dir, 'ipclab-attack-fill'))).toBe(false);
      expect(readdirSync(tmp).filter((n) => n.startsWith('ipclab-'))).toEqual([]);
      expect(existsSync(out)).toBe(true);
    } finally {
      ws.remove();
    }
  }, 120_000);
});
