// The run lock across processes: two real ipclab processes (node, each running tests through its
// own inits) share one lock file; while one runs a test alone, no test of the other runs at all,
// and the other's tests, shared, run side by side before and after it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';

/** A test whose one process prints when it starts and ends (realtime ns: one clock for both gradings). */
const STAMPED = `{ name: 't', title: 't', points: 1, timeout: '10s', checks: [],
  processes: { main: { run: ['sh', '-c', 'echo start $(date +%s%N); sleep 0.3; echo end $(date +%s%N)'] } } }`;

/**
 * A grading in a node process of its own: `alone` runs one test alone; otherwise it runs tests two
 * at a time, shared, until the stop file exists and two more rounds have run (at most 60 rounds).
 * Each run's output is one line of JSON: [kind, start ns, end ns].
 */
function driver(lock: string, alone: boolean, stop: string): string {
  return `const { runTest } = await import(${JSON.stringify(join(packageRoot(), 'dist/harness/run/run-test.js'))});
const { existsSync } = await import('node:fs');
const one = async (alone) => {
  const obs = await runTest(${STAMPED}, { pathDirs: [], exerciseDir: '/tmp', runLock: { path: ${JSON.stringify(lock)}, alone } });
  const text = obs.streams.main.head.toString();
  const [s, e] = [/start (\\d+)/, /end (\\d+)/].map((re) => re.exec(text)?.[1]);
  console.log(JSON.stringify([alone ? 'alone' : 'shared', s, e]));
};
if (${alone}) await one(true);
else for (let round = 0, after = 0; round < 60 && after < 2; round++) {
  if (existsSync(${JSON.stringify(stop)})) after++;
  await Promise.all([one(false), one(false)]);
}`;
}

interface Driver { child: ChildProcess; runs: Array<[string, bigint, bigint]>; done: Promise<number | null> }

function start(script: string, onRun: () => void): Driver {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const runs: Driver['runs'] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const [kind, s, e] = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      runs.push([kind, BigInt(s), BigInt(e)]);
      onRun();
    }
  });
  return { child, runs, done: new Promise((r) => child.on('exit', (code) => r(code))) };
}

describe('the run lock across gradings', () => {
  const hasDist = existsSync(join(packageRoot(), 'dist/harness/run/run-test.js'));
  (hasDist ? it : it.skip)('holds every test of another process back while one runs alone, and lets shared ones overlap', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipclab-lock-'));
    const lock = join(dir, 'run.lock');
    const stop = join(dir, 'stop');
    const drivers: Driver[] = [];
    try {
      let alone: Driver | undefined;
      // the alone grading starts once the shared one has finished a round: it then holds the lock
      const shared = start(driver(lock, false, stop), () => {
        alone ??= start(driver(lock, true, stop), () => undefined);
        if (!drivers.includes(alone)) drivers.push(alone);
      });
      drivers.push(shared);
      while (!alone) await new Promise((r) => setTimeout(r, 50));
      expect(await alone.done).toBe(0);
      writeFileSync(stop, '');
      expect(await shared.done).toBe(0);

      const [[, aStart, aEnd]] = alone.runs;
      expect(alone.runs).toHaveLength(1);
      // no shared test overlaps the one that ran alone
      for (const [, s, e] of shared.runs) expect(e < aStart || s > aEnd).toBe(true);
      // it ran in the middle of the other grading, which went on after it
      expect(shared.runs.some(([, , e]) => e < aStart)).toBe(true);
      expect(shared.runs.some(([, s]) => s > aEnd)).toBe(true);
      // shared tests do run side by side (so the exclusion above is the lock's doing)
      const overlap = shared.runs.some(([, s1, e1], i) => shared.runs.some(([, s2, e2], j) => i !== j && s1 < e2 && s2 < e1));
      expect(overlap).toBe(true);
    } finally {
      for (const d of drivers) if (d.child.exitCode === null && d.child.pid) process.kill(d.child.pid, 'SIGTERM');
      await Promise.all(drivers.map((d) => d.done));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});
