// Hang diagnosis on real stuck processes: who waits in which call, on what, held by whom.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTest } from '../../harness/run/run-test.js';
import { packageRoot } from '../../harness/settings.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { diagnosisSummary } from '../../grader/wording.js';

let bin: string;
beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'ipclab-blockers-'));
  chmodSync(bin, 0o755);
  execFileSync('cc', ['-O2', '-o', join(bin, 'blockers'), join(packageRoot(), 'test/fixtures/blockers/blockers.c'), '-lrt', '-pthread']);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

async function hang(processes: TestSpec['processes']) {
  const obs = await runTest({ name: 'h', title: 'h', points: 1, timeout: '700ms', processes, checks: [{ exit: { process: Object.keys(processes)[0], code: 0 } }] }, { pathDirs: [bin], exerciseDir: '/tmp' });
  expect(obs.termination?.reason).toBe('timeout');
  return diagnosisSummary(obs.diagnosis!);
}

describe('diagnosis', () => {
  it('names a pipe deadlock as a cycle, and who holds the other ends', async () => {
    const summary = await hang({ main: { run: ['bash', '-c', 'coproc cat; read x <&${COPROC[0]}'] } });
    expect(summary).toMatch(/^deadlock: /);
    expect(summary).toContain('`main` (pid');
    expect(summary).toMatch(/`cat` \(pid \d+, a child of main\) is blocked in read\(\) on its standard input, a pipe \(empty\) whose write end is still open in `main`/);
  });

  it('says a FIFO reader holding its own write end waits for the next writer, as a fact (a server does that on purpose)', async () => {
    // the run's working directory is the cwd: the FIFO is made there and goes with it
    const summary = await hang({ main: { run: ['bash', '-c', 'mkfifo f && exec 3<>f && exec cat <f'] } });
    expect(summary).toMatch(/is blocked in read\(\) on its standard input, the FIFO \S*f whose write end is still open in itself \(fd \d+\), so it waits for the next writer instead of seeing end of file/);
  });

  it('says a writer waits on a full pipe', async () => {
    const summary = await hang({ main: { run: ['bash', '-c', 'yes | sleep 100'] } });
    expect(summary).toMatch(/`yes` \(pid \d+, a child of main\) is blocked in write\(\) on its standard output, a pipe \(full: \d+ bytes\)/);
  });

  it('names the System V semaphore set, its values and its waiters', async () => {
    const summary = await hang({ main: { run: ['perl', '-e', 'use IPC::SysV qw(IPC_CREAT); my $id = semget(0x5eed, 1, IPC_CREAT|0600); semop($id, pack("s!3", 0, -1, 0))'] } });
    expect(summary).toContain('is blocked in semtimedop() on semaphore set key 0x00005eed (values 0; waiting: 1)');
  });

  it('names the POSIX named semaphore behind a futex', async () => {
    const summary = await hang({ main: { run: ['blockers', 'sem', '/ipclab-diag-sem'] } });
    expect(summary).toContain('is blocked in futex() on the POSIX named semaphore /ipclab-diag-sem (sem_wait)');
  });

  it('names a full POSIX message queue and its depth', async () => {
    const summary = await hang({ main: { run: ['blockers', 'mq', '/ipclab-diag-mq'] } });
    expect(summary).toContain('is blocked in mq_timedsend() on the POSIX message queue /ipclab-diag-mq (1 of at most 1 messages): it is full');
  });

  it('tells spinning from blocking, with numbers', async () => {
    const summary = await hang({ main: { run: ['sh', '-c', 'while :; do :; done'] } });
    expect(summary).toMatch(/`main` \(pid \d+\) is running, not waiting for anything \(it used \d+\.\d s of CPU in \d+\.\d s\): a busy loop\?/);
  });
});
