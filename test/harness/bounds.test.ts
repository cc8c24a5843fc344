// Resource bounds of a test, with real processes and real kernel objects: the size-limited
// /dev/shm, the memory cgroup, the IPC namespace's own System V limits, and the verdicts.
import { readFileSync } from 'node:fs';
import { runTest } from '../../harness/run/run-test.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { isolation } from '../../harness/isolate/mode.js';
import { verdict } from '../../grader/score.js';
import { terminationReason } from '../../grader/wording.js';

const opts = { pathDirs: [], exerciseDir: '/tmp' };
const isolated = isolation().mode === 'isolated';
const itIsolated = isolated ? it : it.skip;

function test(run: string[], extra: Partial<TestSpec> = {}): TestSpec {
  return { name: 't', title: 't', points: 1, timeout: '20s', processes: { main: { run } }, checks: [], ...extra };
}

describe('disk limit', () => {
  itIsolated('a test that writes /dev/shm until ENOSPC is stopped early with "disk limit exceeded" naming the limit', async () => {
    // keeps retrying after ENOSPC: only the harness seeing the full mount ends it before the timeout
    const fill = 'dd if=/dev/zero of=/dev/shm/fill bs=64k 2>/dev/null; while :; do sleep 0.01; done';
    const spec = test(['sh', '-c', fill], { disk_limit_mb: 8 });
    const obs = await runTest(spec, opts);
    // the harness records the facts; the grader's wording says them
    expect(obs.termination).toEqual({ reason: 'disk-limit', limitBytes: 8 * 1024 * 1024, path: 'scratch', workDir: false, scratch: true, build: false });
    expect(terminationReason(obs.termination!)).toBe('disk limit exceeded: your program filled the 8 MiB it may write (in the working directory, /tmp, /var/tmp and /dev/shm together)');
    // the harness may stop it while dd is still being refused: the mount shows the fill at the quota
    expect(obs.final?.quotas).toEqual([{ path: 'scratch', used: 8 * 1024 * 1024, total: 8 * 1024 * 1024 }]);
    expect(obs.durationMs).toBeLessThan(10_000);
    expect(obs.processes[0].killedBy).toBe('disk-limit');
    expect(verdict(spec, obs, [], 'full')).toMatchObject({ status: 'failed', points: 0, reason: terminationReason(obs.termination!) });
    expect(obs.bounds.find((b) => b.kind === 'disk')).toMatchObject({ value: '8 MiB written in the working directory, /tmp, /var/tmp and /dev/shm together' });
  }, 30_000);

  itIsolated('a test that stays under the limit passes, and its use is reported', async () => {
    const obs = await runTest(test(['sh', '-c', 'head -c 1048576 /dev/zero > /dev/shm/one; sleep 0.05'], { disk_limit_mb: 8 }), opts);
    expect(obs.termination).toBeUndefined();
    const q = obs.final?.quotas?.find((x) => x.path === 'scratch');
    expect(q?.total).toBe(8 * 1024 * 1024);
    expect(q?.used).toBeGreaterThanOrEqual(1024 * 1024);
  });
});

describe('memory limit', () => {
  it('tmpfs and memfd pages beyond the memory limit get a process killed, with the memory reason', async () => {
    // tmpfs pages (the disk limit is larger than the memory limit), then a memfd
    const spec = test(['sh', '-c', 'head -c 100000000 /dev/zero > /dev/shm/big; echo "shm: $?"; python3 -c "import os; fd = os.memfd_create(\'m\'); [os.write(fd, bytes(1 << 20)) for _ in range(100)]"; echo "memfd: $?"'], { memory_limit_mb: 32, disk_limit_mb: 256 });
    const obs = await runTest(spec, opts);
    const memory = obs.bounds.find((b) => b.kind === 'memory')!;
    if (memory.by === undefined) {
      expect(memory.missing).toMatch(/^no writable memory cgroup here/);
      return; // nothing bounds it here: the bound says so
    }
    expect(memory).toEqual({ kind: 'memory', value: "32 MiB for all the test's processes", by: 'memory cgroup' });
    expect(obs.termination?.reason).toBe('memory-limit');
    expect(obs.termination).toMatchObject({ limitBytes: 32 * 1024 * 1024 });
    expect(terminationReason(obs.termination!)).toMatch(/^memory limit exceeded: the test's processes used more than the 32 MiB of memory they may use together, so the kernel killed/);
    expect(obs.final?.memory?.oomKills).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it('a memfd alone beyond the limit is killed too', async () => {
    const spec = test(['python3', '-c', "import os\nfd = os.memfd_create('m')\nfor _ in range(100): os.write(fd, bytes(1 << 20))\nprint('survived')"], { memory_limit_mb: 32 });
    const obs = await runTest(spec, opts);
    if (obs.bounds.find((b) => b.kind === 'memory')?.by === undefined) return;
    expect(obs.termination?.reason).toBe('memory-limit');
    expect(obs.processes[0].exit).toEqual({ signal: 'SIGKILL' });
    expect(obs.streams.main.head.toString()).toBe('');
  }, 30_000);
});

describe("the IPC namespace's own limits", () => {
  itIsolated('shmget beyond shmmax fails inside the test (EINVAL), one within it works, and the host keeps its own limits', async () => {
    const host = readFileSync('/proc/sys/kernel/shmmax', 'utf8');
    const obs = await runTest(test(['sh', '-c', 'cat /proc/sys/kernel/shmmax /proc/sys/kernel/shmmni; ipcmk -M 100000000 2>&1; echo "big: $?"; ipcmk -M 1048576 >/dev/null; echo "small: $?"'], { memory_limit_mb: 64 }), opts);
    const lines = obs.streams.main.head.toString().trim().split('\n');
    expect(lines[0]).toBe(String(64 * 1024 * 1024));
    expect(lines[1]).toBe('64');
    expect(lines[2]).toMatch(/Invalid argument/);
    expect(lines.slice(3)).toEqual(['big: 1', 'small: 0']);
    expect(obs.bounds.find((b) => b.kind === 'ipc')?.by).toBe("the test's IPC namespace limits");
    expect(readFileSync('/proc/sys/kernel/shmmax', 'utf8')).toBe(host);
  });
});
