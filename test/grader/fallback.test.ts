// Fallback mode (no namespaces): tests still run, leftovers are found by inventory before and
// after, and removed — only the ones the test made.
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
import { readFileSync } from 'node:fs';
import { gradeSubmission } from '../../grader/grade.js';
import { isolation } from '../../harness/isolate/mode.js';
import { runTest } from '../../harness/run/run-test.js';
import { leftoverWords } from '../../grader/wording.js';
import { packageRoot } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';
import { asSubmission, knownSolutions } from '../../grader/solutions.js';
import { inFallbackMode, processesWith, unique } from '../helpers.js';

inFallbackMode();

const hostQueues = () => readFileSync('/proc/sysvipc/msg', 'utf8').trim().split('\n').slice(1).map((l) => Number(l.trim().split(/\s+/)[1]));

describe('fallback mode', () => {
  it('says so in the report', async () => {
    expect(isolation().mode).toBe('fallback');
    const result = await gradeSubmission(join(packageRoot(), 'examples', 'sample-submission'), { exercises: ['pipe-copy'], tests: ['short-line'] });
    expect(result.isolation.mode).toBe('fallback');
    expect(result.isolation.description).toMatch(/^fallback/);
    expect(result.exercises[0].tests[0].status).toBe('passed');
  });

  it('grades the references and the known solutions as in isolated mode', async () => {
    const catalogue = loadCatalogue();
    const ref = await gradeSubmission(join(packageRoot(), 'reference'), { catalogue, exercises: ['pipe-copy', 'msgq-ping-pong'] });
    expect(ref.exercises.flatMap((e) => e.tests.filter((t) => t.status !== 'passed').map((t) => `${e.id}/${t.name}: ${t.reason}`))).toEqual([]);
    for (const name of ['no-wait', 'type2-replies']) {
      const s = catalogue.filter((e) => ['pipe-copy', 'msgq-ping-pong'].includes(e.spec.id)).flatMap(knownSolutions).find((k) => k.name === name)!;
      const sub = asSubmission(s);
      try {
        const r = await gradeSubmission(sub.dir, { exercises: [s.exercise], catalogue });
        const failed = r.exercises[0].tests.filter((t) => t.status !== 'passed').map((t) => t.name);
        expect(failed.filter((n) => !s.mayFail.includes(n)).sort()).toEqual([...s.fails].sort());
      } finally {
        sub.remove();
      }
    }
  }, 120000);

  it('reports a queue the test left and removes it from the host, and kills escapees', async () => {
    const before = hostQueues();
    const marker = unique('ipclab-fallback-escapee');
    const obs = await runTest({
      name: 't', title: 't', points: 1, timeout: '5s',
      processes: { main: { run: ['bash', '-c', `perl -MIPC::SysV=IPC_CREAT -e 'msgget(\${key}, IPC_CREAT|0600) // die'; (setsid bash -c 'exec -a ${marker} sleep 1000' &); exit 0`] } },
      checks: [{ exit: { process: 'main', code: 0 } }],
    }, { pathDirs: [], exerciseDir: '/tmp' });
    expect(obs.mode).toBe('fallback');
    expect(obs.leftovers.map((l) => l.kind).sort()).toEqual(['process', 'sysv']);
    expect(hostQueues().filter((id) => !before.includes(id))).toEqual([]);
    expect(processesWith(marker)).toEqual([]);
  });

  // only root can mount the mqueue filesystem that makes POSIX queues visible without namespaces
  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot('finds a POSIX message queue the test left, and removes it from the host', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, chmodSync, rmSync, mkdirSync, existsSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const bin = mkdtempSync(join(tmpdir(), 'ipclab-blockers-'));
    const probe = mkdtempSync(join(tmpdir(), 'ipclab-mqprobe-'));
    try {
      chmodSync(bin, 0o755);
      execFileSync('cc', ['-O2', '-o', join(bin, 'blockers'), join(packageRoot(), 'test/fixtures/blockers/blockers.c'), '-lrt', '-pthread']);
      const obs = await runTest({
        name: 't', title: 't', points: 1, timeout: '5s',
        processes: { main: { run: ['blockers', 'mq-leave', '${name}'] } },
        checks: [{ exit: { process: 'main', code: 0 } }],
      }, { pathDirs: [bin], exerciseDir: '/tmp' });
      expect(obs.processes[0].exit).toEqual({ code: 0 });
      expect(obs.leftovers.map((l) => l.kind)).toEqual(['posix']);
      expect(leftoverWords(obs.leftovers)).toEqual([expect.objectContaining({ description: `POSIX message queue ${obs.vars.name}`, remedy: `mq_unlink("${obs.vars.name}")` })]);
      // look at the host's queues through a mount of our own
      mkdirSync(join(probe, 'mq'));
      execFileSync('mount', ['-t', 'mqueue', 'none', join(probe, 'mq')]);
      try {
        expect(existsSync(join(probe, 'mq', obs.vars.name.slice(1)))).toBe(false);
      } finally {
        execFileSync('umount', [join(probe, 'mq')]);
      }
    } finally {
      rmSync(bin, { recursive: true, force: true });
      rmSync(probe, { recursive: true, force: true });
    }
  });

  // as root, ipclab can be run as an ordinary user to see the non-root fallback (if that user can read it)
  const readableByAll = (() => {
    let dir = packageRoot();
    for (;;) {
      if (((require('node:fs') as typeof import('node:fs')).statSync(dir).mode & 0o005) !== 0o005) return false;
      const up = join(dir, '..');
      if (up === dir) return true;
      dir = up;
    }
  })();
  const asRootReadable = process.getuid?.() === 0 && readableByAll ? it : it.skip;
  asRootReadable('without root or a cgroup, a fork bomb stops at RLIMIT_NPROC above the user\'s own processes', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, rmSync, chmodSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const home = mkdtempSync(join(tmpdir(), 'ipclab-nobody-'));
    chmodSync(home, 0o777);
    try {
      const script = `process.env.IPCLAB_ISOLATION = 'fallback';
const { runTest } = await import(${JSON.stringify(join(packageRoot(), 'dist/harness/run/run-test.js'))});
const obs = await runTest({ name: 't', title: 't', points: 1, timeout: '2s', max_processes: 30, processes: { main: { run: ['bash', '-c', 'for i in $(seq 100); do sleep 3 & done; wait'] } }, checks: [] }, { pathDirs: [], exerciseDir: '/tmp' });
console.log(JSON.stringify({ processes: obs.bounds.find((b) => b.kind === "processes"), stderr: obs.streams['main.stderr'].head.toString().slice(0, 200) }));`;
      const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--input-type=module', '-e', script], { env: { ...process.env, HOME: home, XDG_CACHE_HOME: home } }).toString();
      const r = JSON.parse(out.trim().split('\n').pop()!);
      expect(r.processes).toEqual({ kind: 'processes', value: 'at most 30 more processes of this user', by: 'RLIMIT_NPROC' });
      expect(r.stderr).toContain('Resource temporarily unavailable');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 30000);
});
