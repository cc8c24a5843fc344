// The CPUs ipclab may use: its affinity and its cgroup's CPU quota, not the host's count.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../../harness/settings.js';
import { cpuQuota, usableCpus } from '../../harness/usable-cpus.js';

const built = join(packageRoot(), 'dist', 'harness', 'usable-cpus.js');

describe('usableCpus', () => {
  it('is 1 under taskset -c 0, whatever the host has', async () => {
    const script = `import(${JSON.stringify(built)}).then((m) => console.log(m.usableCpus()))`;
    const { stdout } = await promisify(execFile)('taskset', ['-c', '0', process.execPath, '--input-type=module', '-e', script]);
    expect(stdout.trim()).toBe('1');
  });

  it('is at most the affinity, and at least 1, here', () => {
    expect(usableCpus()).toBeGreaterThanOrEqual(1);
    expect(usableCpus()).toBeLessThanOrEqual(availableParallelism());
  });

  describe('bounded by the cgroup quota', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'ipclab-cgroups-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));
    const file = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };

    it('v2 cpu.max: a quota of 1.5 CPUs is 2, "max" is no bound, a parent binds its child', () => {
      file('grading/job/cpu.max', '150000 100000\n');
      expect(usableCpus({ cgroups: '0::/grading/job\n', cgroupRoot: root, affinity: 8 })).toBe(2);
      file('grading/job/cpu.max', 'max 100000\n');
      expect(usableCpus({ cgroups: '0::/grading/job\n', cgroupRoot: root, affinity: 8 })).toBe(8);
      file('grading/cpu.max', '100000 100000\n');
      expect(usableCpus({ cgroups: '0::/grading/job\n', cgroupRoot: root, affinity: 8 })).toBe(1);
    });

    it('v1 cpu.cfs_quota_us / cpu.cfs_period_us, under cpu or cpu,cpuacct; -1 is no bound', () => {
      file('cpu,cpuacct/ci/cpu.cfs_quota_us', '300000\n');
      file('cpu,cpuacct/ci/cpu.cfs_period_us', '100000\n');
      const cgroups = '4:memory:/ci\n3:cpu,cpuacct:/ci\n0::/\n';
      expect(cpuQuota(cgroups, root)).toBe(3);
      expect(usableCpus({ cgroups, cgroupRoot: root, affinity: 2 })).toBe(2);
      expect(usableCpus({ cgroups, cgroupRoot: root, affinity: 16 })).toBe(3);
      file('cpu,cpuacct/ci/cpu.cfs_quota_us', '-1\n');
      expect(usableCpus({ cgroups, cgroupRoot: root, affinity: 16 })).toBe(16);
    });

    it('nothing readable is no bound', () => {
      expect(usableCpus({ cgroups: 'garbage\n1:cpu:/nowhere\n', cgroupRoot: root, affinity: 4 })).toBe(4);
    });
  });
});
