// Hostile submissions: each is graded with a reason, the report is written, and nothing of it
// remains on the host — in isolated and in fallback mode.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { packageRoot } from '../harness/settings.js';

const root = packageRoot();
const here = join(root, 'test', 'fixtures', 'hostile');
const fixtures = readdirSync(join(here, 'subs')).sort();

function hostSnapshot() {
  const sysv = ['msg', 'sem', 'shm'].flatMap((k) => readFileSync(`/proc/sysvipc/${k}`, 'utf8').trim().split('\n').slice(1).map((l) => `${k}:${l.trim().split(/\s+/)[1]}`));
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'hostile';
    } catch {
      return false;
    }
  });
  return { sysv, shm: readdirSync('/dev/shm').filter((n) => n.startsWith('hostile')), procs };
}

// Fallback mode is run only as root, where student code gets a uid of its own. Without root it
// runs as the grader's own user: `kill(-1, SIGKILL)` would end the test runner itself.
const modes = process.getuid?.() === 0 ? ['auto', 'fallback'] : ['auto'];

describe.each(modes)('hostile submissions (isolation: %s)', (mode) => {
  it.each(fixtures)('%s is graded with a reason and leaves nothing behind', async (name) => {
    const [status, pattern] = readFileSync(join(here, 'subs', name, 'expect.txt'), 'utf8').trim().split('|');
    const before = hostSnapshot();
    const out = mkdtempSync(join(tmpdir(), 'ipclab-hostile-'));
    try {
      const report = join(out, 'result.json');
      const r = await promisify(execFile)(process.execPath, [join(root, 'dist', 'bin', 'ipclab.js'), 'grade', join(here, 'subs', name), '--catalogue', join(here, 'exercises'), '--format', 'json', '--out', report, '--exit-zero', ...(mode === 'fallback' ? ['--allow-fallback'] : [])], {
        env: { ...process.env, IPCLAB_ISOLATION: mode },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((err: { code: number; stdout: string; stderr: string }) => err);
      expect('code' in r ? r.code : 0).toBe(0);
      expect(existsSync(report)).toBe(true);
      const result = JSON.parse(readFileSync(report, 'utf8'));
      const test = result.exercises[0].tests[0];
      expect(test.status).toBe(status);
      if (pattern) {
        const said = [test.reason, test.diagnosis, ...test.findings.map((f: { rationale?: string }) => f.rationale)].join('\n');
        expect(said).toMatch(new RegExp(pattern));
      }
      const after = hostSnapshot();
      expect(after.sysv.filter((x) => !before.sysv.includes(x))).toEqual([]);
      expect(after.shm.filter((x) => !before.shm.includes(x))).toEqual([]);
      expect(after.procs).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60000);
});
