// Issue 12, memory outside RLIMIT_AS: a submission makes 64 memfds of 8 MiB each, each within the
// file size limit (16 MiB), half written, half fallocate'd with FALLOC_FL_KEEP_SIZE, and holds
// them (test/fixtures/attacks/memfd-fill/memfds.c). Where the test's memory cgroup can be made
// (root, sudo) the kernel kills it at the 64 MiB memory limit. In a user namespace (no memory
// cgroup) the init makes every memfd in the test's scratch tmpfs instead, so the fill stops at the
// 32 MiB disk limit with that verdict; before, nothing stopped it short of 512 MiB of host memory.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { gradeFixtureProgram, graders, workspace } from './grader.js';

const here = join(packageRoot(), 'test', 'fixtures', 'attacks', 'memfd-fill');
const MiB = 1024 * 1024;

interface Test { status: string; points: number; reason?: string; durationMs: number; findings: Array<{ actual?: string }>; bounds?: string[] }

describe.each(graders)('a submission that holds memory in many memfds (grader: %s)', (as) => {
  it('stops at the memory or disk limit with the verdict, early, and leaves nothing behind', async () => {
    const ws = workspace(as);
    try {
      const { test, tmp } = await gradeFixtureProgram<Test>(ws, as, here, 'memfds');
      expect({ status: test.status, points: test.points }).toEqual({ status: 'failed', points: 0 });
      const said = test.findings.map((f) => f.actual ?? '').join('');
      expect(said).not.toContain('all held');
      if (as !== 'user') {
        expect(test.reason).toMatch(/^memory limit exceeded: the test's processes used more than the 64 MiB of memory they may use together/);
      } else {
        expect(test.reason).toBe('disk limit exceeded: your program filled the 32 MiB it may write (in the working directory, /tmp, /var/tmp, /dev/shm and memfds together)');
        expect(test.bounds).toContain("memory: 64 MiB for all the test's processes — not enforced here: no writable memory cgroup here (user-namespace mode: the cgroup tree is root's): only each process's address-space limit (RLIMIT_AS); memfds count against the disk limit");
        expect(test.bounds).toContain("disk: 32 MiB written in the working directory, /tmp, /var/tmp, /dev/shm and memfds together (one tmpfs of that size; nothing else in the test's root is writable)");
        // refused at the quota: what the memfds got is the disk limit, not more
        const got = /memfds (\d+) (\d+) \(No space left on device\)/.exec(said);
        expect(got).not.toBeNull();
        expect(Number(got![2])).toBeLessThanOrEqual(32 * MiB);
        expect(Number(got![2])).toBeGreaterThan(24 * MiB);
      }
      // stopped when the bound was hit, not at the 20 s timeout
      expect(test.durationMs).toBeLessThan(10_000);
      expect(readdirSync(tmp).filter((n) => n.startsWith('ipclab-'))).toEqual([]);
    } finally {
      ws.remove();
    }
  }, 120_000);
});
