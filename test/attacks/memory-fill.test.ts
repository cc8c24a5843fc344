// Issue 12, memory outside RLIMIT_AS: a submission holds 40 MiB each of a tmpfs file, a touched
// System V segment and a memfd — each within its own bound (disk limit, shmmax, file size), 120 MiB
// together against a 64 MiB memory limit (test/fixtures/attacks/memory-fill/hog.c). Where the
// test's memory cgroup can be made (root, sudo) the kernel kills it with the memory verdict before
// it holds them all. Where it cannot (a user namespace: the cgroup tree is root's; cgroup v1 here
// has no delegation) the report says the bound is missing, and what is left holds: a second
// segment is refused by the IPC namespace's shmall, the memfd (a file of the scratch tmpfs
// there) stops at the file size limit.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { gradeFixtureProgram, graders, workspace } from './grader.js';

const here = join(packageRoot(), 'test', 'fixtures', 'attacks', 'memory-fill');
const MiB = 1024 * 1024;

interface Test { status: string; points: number; reason?: string; findings: Array<{ actual?: string }>; bounds?: string[] }

describe.each(graders)('a submission that fills memory outside RLIMIT_AS (grader: %s)', (as) => {
  it('is stopped by the memory cgroup, or the report names the missing bound and the others hold', async () => {
    const ws = workspace(as);
    try {
      const { test, tmp } = await gradeFixtureProgram<Test>(ws, as, here, 'hog');
      expect({ status: test.status, points: test.points }).toEqual({ status: 'failed', points: 0 });
      const said = test.findings.map((f) => f.actual ?? '').join('');
      const memory = test.bounds?.find((b) => b.startsWith('memory: '));
      if (as !== 'user') {
        expect(memory).toBe("memory: 64 MiB for all the test's processes (memory cgroup)");
        expect(test.reason).toMatch(/^memory limit exceeded: the test's processes used more than the 64 MiB of memory they may use together, so the kernel killed one of them/);
        expect(said).toContain(`tmpfs ${40 * MiB}\n`);
        expect(said).not.toContain('all held');
      } else {
        expect(memory).toBe("memory: 64 MiB for all the test's processes — not enforced here: no writable memory cgroup here (user-namespace mode: the cgroup tree is root's): only each process's address-space limit (RLIMIT_AS); memfds count against the disk limit");
        // nothing bounds the three together here; the bounds that remain stop each kind
        expect(said).toContain('all held\n');
        expect(said).toContain('sysv2 0 (No space left on device)\n');
        expect(said).toContain(`memfd+ ${48 * MiB} (File too large)\n`);
      }
      expect(test.bounds).toContain("System V limits: 64 shared memory segments of at most 64 MiB in all, 64 queues, 64 semaphore sets (the test's IPC namespace limits)");
      // nothing on the host: the tmpfs file was the test's own, no run folder left
      expect(existsSync('/dev/shm/ipclab-attack-hog')).toBe(false);
      expect(readdirSync(tmp).filter((n) => n.startsWith('ipclab-'))).toEqual([]);
    } finally {
      ws.remove();
    }
  }, 120_000);
});
