// `npm run bench`: the harness's fixed cost per test (a test whose only process is `true`),
// isolated and in fallback mode. A benchmark, not a test: it prints, it does not judge.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runTest } from '../harness/run/run-test.js';
import { isolation, resetIsolation } from '../harness/isolate/mode.js';
import { packageRoot } from '../harness/init/binary.js';
import type { TestSpec } from '../harness/spec/types.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const test: TestSpec = { name: 'true', title: 'true', points: 1, processes: { main: { run: ['true'] } }, checks: [{ exit: { process: 'main', code: 0 } }] };

async function measure(mode: 'auto' | 'fallback') {
  process.env.IPCLAB_ISOLATION = mode;
  resetIsolation();
  const iso = isolation();
  for (let i = 0; i < 5; i++) await runTest(test, { pathDirs: [], exerciseDir: '.' }); // warm up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const obs = await runTest(test, { pathDirs: [], exerciseDir: '.' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (obs.processes[0].exit?.code !== 0) throw new Error(`run ${i} failed: ${JSON.stringify(obs.processes[0])}`);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return { mode: iso.mode, kind: iso.kind, runs: RUNS, meanMs: +mean.toFixed(2), medianMs: +times[Math.floor(RUNS / 2)].toFixed(2), p90Ms: +times[Math.floor(RUNS * 0.9)].toFixed(2) };
}

const results = [await measure('auto'), await measure('fallback')];
const target = 15;
console.log(`fixed cost per test (a test whose only process is \`true\`), ${RUNS} runs each, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log('mode       kind      mean ms  median ms  p90 ms  target');
for (const r of results) {
  console.log(`${r.mode.padEnd(10)} ${r.kind.padEnd(9)} ${String(r.meanMs).padStart(7)}  ${String(r.medianMs).padStart(9)}  ${String(r.p90Ms).padStart(6)}  ≤ ${target} ms ${r.medianMs <= target ? 'met' : 'MISSED'}`);
}
const dir = join(packageRoot(), 'bench');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, fixedCost: results }, null, 2)}\n`);
