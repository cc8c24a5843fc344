// `npm run bench`: prints a table and writes bench/results.json. A benchmark, not a test: it
// measures and reports against the targets; it never fails on a slow machine.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runTest } from '../harness/run/run-test.js';
import { isolation, resetIsolation } from '../harness/isolate/mode.js';
import { packageRoot } from '../harness/settings.js';
import { releaseTempFolder, tempFolder } from '../harness/interrupt.js';
import { loadCatalogue } from '../harness/spec/load.js';
import { gradeSubmission } from '../grader/grade.js';
import { gradeBatch } from '../grader/batch.js';
import type { TestSpec } from '../harness/spec/types.js';

const root = packageRoot();
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const catalogue = loadCatalogue();
const rows: Array<{ what: string; value: string; target: string; met?: boolean }> = [];
const results: Record<string, unknown> = {
  date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30),
};
const now = () => Number(process.hrtime.bigint()) / 1e6;
const scratch = tempFolder('ipclab-bench-'); // what is made below lives inside it
chmodSync(scratch, 0o755);

async function fixedCost(mode: 'auto' | 'fallback') {
  process.env.IPCLAB_ISOLATION = mode;
  resetIsolation();
  const test: TestSpec = { name: 'true', title: 'true', points: 1, processes: { main: { run: ['true'] } }, checks: [{ exit: { process: 'main', code: 0 } }] };
  for (let i = 0; i < 5; i++) await runTest(test, { pathDirs: [], exerciseDir: '.' });
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = now();
    const obs = await runTest(test, { pathDirs: [], exerciseDir: '.' });
    times.push(now() - t);
    if (obs.processes[0].exit?.code !== 0) throw new Error(`run ${i} failed`);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(RUNS / 2)];
  const mode2 = isolation().mode;
  rows.push({ what: `fixed cost per test, ${mode2} (median of ${RUNS})`, value: `${median.toFixed(1)} ms`, target: '≤ 15 ms', met: median <= 15 });
  results[`fixedCost_${mode2}`] = { medianMs: +median.toFixed(2), p90Ms: +times[Math.floor(RUNS * 0.9)].toFixed(2) };
}

/** A submission made of every exercise's correct C solution. */
function correctSubmission(ids?: string[]): string {
  const dir = tempFolder('sub-', { parent: scratch });
  for (const ex of catalogue) {
    if (ids && !ids.includes(ex.spec.id)) continue;
    const sol = join(ex.dir, 'solutions', 'correct');
    if (existsSync(sol)) cpSync(sol, join(dir, ex.spec.id), { recursive: true, filter: (p) => !p.endsWith('solution.yaml') });
  }
  return dir;
}

async function timeGrade(label: string, dir: string, opts: Parameters<typeof gradeSubmission>[1] = {}) {
  const t = now();
  const r = await gradeSubmission(dir, { catalogue, ...opts });
  const ms = now() - t;
  const bad = r.exercises.flatMap((e) => e.tests.filter((x) => x.status !== 'passed').map((x) => `${e.id}/${x.name}`));
  const perTest = new Map(r.exercises.flatMap((e) => e.tests.map((x) => [`${e.id}/${x.name}`, x.durationMs] as const)));
  return { label, ms, tests: r.counts.passed + r.counts.failed + r.counts.error + r.counts.skipped, bad, perTest, perExercise: Object.fromEntries(r.exercises.map((e) => [e.id, e.tests.reduce((a, x) => a + x.durationMs, 0) + e.build.durationMs])) };
}

type Timed = Awaited<ReturnType<typeof timeGrade>>;
const traceLines: string[] = [];

/**
 * What tracing costs (`trace: 'all'`: every test under strace) beside the same grading untraced,
 * in the same bench run: the catalogue's wall time, and each test's own run time.
 */
async function tracingCost(label: string, dir: string, untraced: Timed): Promise<void> {
  const traced = await timeGrade(`${label} traced`, dir, { trace: 'all' });
  const ratio = traced.ms / untraced.ms;
  rows.push({ what: `catalogue, ${label}, every test traced (${traced.tests} tests)`, value: `${(traced.ms / 1000).toFixed(1)} s`, target: '' });
  rows.push({ what: `tracing cost, ${label}: traced / untraced wall`, value: `${ratio.toFixed(2)}×`, target: '≤ 1.5×', met: ratio <= 1.5 });
  const tests = [...untraced.perTest].map(([name, plain]) => ({ name, plain, traced: traced.perTest.get(name) ?? NaN }));
  const w = Math.max(...tests.map((t) => t.name.length));
  traceLines.push(`\n${label}: each test's run, untraced vs traced (ms)${traced.bad.length ? ` — not passed traced: ${traced.bad.join(', ')}` : ''}`);
  for (const t of tests) traceLines.push(`${t.name.padEnd(w)}  ${String(t.plain).padStart(6)}  ${String(t.traced).padStart(6)}  ${(t.traced / t.plain).toFixed(2).padStart(5)}×`);
  results[`tracing_${label}`] = {
    untracedMs: Math.round(untraced.ms), tracedMs: Math.round(traced.ms), ratio: +ratio.toFixed(2), tracedFailed: traced.bad,
    perTest: Object.fromEntries(tests.map((t) => [t.name, { untracedMs: t.plain, tracedMs: t.traced }])),
  };
}

async function main() {
  // BENCH_ONLY=tracing: only the catalogue, untraced and traced (tracing-c: the C solutions only);
  // BENCH_ONLY=startup: a TS program's life
  if (process.env.BENCH_ONLY === 'tracing') await catalogueRuns();
  else if (process.env.BENCH_ONLY === 'tracing-c') await catalogueRuns({ cOnly: true });
  else if (process.env.BENCH_ONLY === 'startup') results.programStart = programStart();
  else await everything();
  report();
}

async function everything() {
  await fixedCost('auto');
  await fixedCost('fallback');
  process.env.IPCLAB_ISOLATION = 'auto';
  resetIsolation();

  // the bash floor on the same scenarios: pipe-copy's tests and msgq-ping-pong's one-client,
  // each side a whole process that compiles the sources (no build cache) and runs the tests
  const sub = correctSubmission(['pipe-copy', 'msgq-ping-pong']);
  const cli = join(root, 'dist', 'bin', 'ipclab.js');
  const tests = ['short-line', 'empty-input', 'random-4mib', 'waits-for-child', 'child-fails', 'one-client'];
  const ipclabMs = median(3, () => {
    try {
      execFileSync(process.execPath, [cli, 'grade', sub, '--test', ...tests, '-q', '-f', 'json', '-d', join(scratch, 'same')], { env: { ...process.env, IPCLAB_BUILD_CACHE: '0' } });
    } catch (err) {
      throw new Error(`ipclab failed the scenarios a correct submission passes: ${String(err)}`);
    }
  });
  const bashMs = median(3, () => {
    const bd = tempFolder('bash-', { parent: scratch });
    chmodSync(bd, 0o755);
    for (const [ex, progs] of [['pipe-copy', ['pipe_copy']], ['msgq-ping-pong', ['msg_server', 'msg_client']]] as const) {
      mkdirSync(join(bd, ex));
      for (const p of progs) execFileSync('cc', ['-std=gnu11', '-Wall', '-Wextra', '-O2', '-o', join(bd, ex, p), join(sub, ex, `${p}.c`), '-lrt', '-pthread']);
    }
    mkdirSync(join(bd, 'w'));
    execFileSync('bash', [join(root, 'bench', 'bash-driver.sh'), join(bd, 'pipe-copy'), join(bd, 'msgq-ping-pong'), join(bd, 'w')], { stdio: 'inherit' });
  });
  const ratio = ipclabMs / bashMs;
  rows.push({ what: 'same 6 tests: `ipclab grade` process, compiling (median of 3)', value: `${ipclabMs.toFixed(0)} ms`, target: '' });
  rows.push({ what: 'same 6 tests: bash + unshare driver, compiling (median of 3)', value: `${bashMs.toFixed(0)} ms`, target: '' });
  rows.push({ what: 'ratio ipclab / bash driver', value: ratio.toFixed(2), target: '≤ 1.3', met: ratio <= 1.3 });
  results.bashFloor = { ipclabMs: Math.round(ipclabMs), bashMs: Math.round(bashMs), ratio: +ratio.toFixed(2) };

  await catalogueRuns();

  // where a TypeScript reference's time goes
  const nodeStart = median(5, () => execFileSync(process.execPath, ['-e', '0']));
  const ipcImport = median(5, () => execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(join(root, 'dist/lib/ipc.js'))})`]));
  rows.push({ what: 'Node start-up (node -e 0)', value: `${nodeStart.toFixed(0)} ms`, target: '' });
  rows.push({ what: 'Node start-up + importing the IPC bindings (koffi)', value: `${ipcImport.toFixed(0)} ms`, target: '' });
  results.typescript = { nodeStartMs: Math.round(nodeStart), withBindingsMs: Math.round(ipcImport), programStart: programStart() };

  // batch throughput
  const cls = tempFolder('class-', { parent: scratch });
  chmodSync(cls, 0o755);
  const one = correctSubmission(['pipe-copy', 'msgq-ping-pong']);
  for (let i = 0; i < 8; i++) cpSync(one, join(cls, `student${i}`), { recursive: true });
  const batch = async (jobs: number, workers: boolean) => {
    const out = tempFolder('out-', { parent: scratch });
    const t = now();
    await gradeBatch(cls, { jobs, out, grade: { catalogue }, workers });
    return now() - t;
  };
  for (const workers of [false, true]) {
    const j1 = await batch(1, workers);
    const j2 = await batch(2, workers);
    const how = workers ? ', --workers' : '';
    rows.push({ what: `batch of 8 students, --jobs 1${how}`, value: `${(j1 / 1000).toFixed(1)} s`, target: '' });
    rows.push({ what: `batch of 8 students, --jobs 2${how}`, value: `${(j2 / 1000).toFixed(1)} s`, target: '' });
    rows.push({ what: `speed-up of --jobs 2${how}`, value: `${(j1 / j2).toFixed(2)}×`, target: '≥ 1.8×', met: j1 / j2 >= 1.8 });
    results[workers ? 'batchWorkers' : 'batch'] = { students: 8, jobs1Ms: Math.round(j1), jobs2Ms: Math.round(j2), speedup: +(j1 / j2).toFixed(2) };
  }
}

function report() {
  const w = Math.max(...rows.map((r) => r.what.length));
  console.log(`\nipclab benchmarks — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${isolation().description}`);
  for (const r of rows) console.log(`${r.what.padEnd(w)}  ${r.value.padStart(9)}  ${r.target ? `${r.target} ${r.met ? 'met' : 'MISSED'}` : ''}`);
  for (const l of traceLines) console.log(l);
  const file = process.env.BENCH_ONLY ? `results-${process.env.BENCH_ONLY}.json` : 'results.json';
  writeFileSync(join(root, 'bench', file), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten: bench/${file}`);
}

/** The whole catalogue: correct C solutions, then the TypeScript references; each untraced, then traced. */
async function catalogueRuns({ cOnly = false } = {}): Promise<void> {
  const cDir = correctSubmission();
  const c = await timeGrade('C', cDir);
  rows.push({ what: `catalogue, correct C solutions (${c.tests} tests)`, value: `${(c.ms / 1000).toFixed(1)} s`, target: '< 10 s', met: c.ms < 10000 });
  await tracingCost('C', cDir, c);
  if (cOnly) { results.catalogue = { cMs: Math.round(c.ms), cFailed: c.bad, cPerExerciseMs: c.perExercise }; return; }
  const ts = await timeGrade('TS', join(root, 'reference'));
  rows.push({ what: `catalogue, TypeScript references (${ts.tests} tests)`, value: `${(ts.ms / 1000).toFixed(1)} s`, target: '' });
  await tracingCost('TS', join(root, 'reference'), ts);
  results.catalogue = { cMs: Math.round(c.ms), cFailed: c.bad, cPerExerciseMs: c.perExercise, tsMs: Math.round(ts.ms), tsFailed: ts.bad, tsPerExerciseMs: ts.perExercise };
}

/**
 * A typical TypeScript program's whole life (import the bindings, getpid, write a line), the
 * bindings bound lazily (today) beside bound eagerly at import (as before: koffi loaded, every type
 * defined, every libc function bound; emulated by touching every binding of ffi.js, a module more).
 * Runs interleaved, in the same run; each program reports its own CPU time, which load bends less
 * than wall time.
 */
function programStart(): Record<string, unknown> {
  const dir = tempFolder('start-', { parent: scratch });
  const ipc = JSON.stringify(join(root, 'dist', 'lib', 'ipc.js'));
  const ffi = JSON.stringify(join(root, 'dist', 'lib', 'ipc', 'ffi.js'));
  const body = `writeAll(1, \`\${getpid()}\\n\`);\nconst u = process.cpuUsage();\nprocess.stderr.write(String((u.user + u.system) / 1000));\n`;
  const lazy = join(dir, 'lazy.mjs');
  const eager = join(dir, 'eager.mjs');
  writeFileSync(lazy, `import { getpid, writeAll } from ${ipc};\n${body}`);
  writeFileSync(eager, `import { getpid, writeAll, errnoName } from ${ipc};\nimport { c } from ${ffi};\nfor (const k of Object.keys(c)) c[k];\nerrnoName(1);\n${body}`);
  const runs = { lazy: { wall: [] as number[], cpu: [] as number[] }, eager: { wall: [] as number[], cpu: [] as number[] } };
  for (let i = 0; i < 21; i++) for (const [name, file] of [['lazy', lazy], ['eager', eager]] as const) {
    const t = now();
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    runs[name].wall.push(now() - t);
    if (r.status !== 0) throw new Error(`${name} program failed: ${r.stderr}`);
    runs[name].cpu.push(Number(r.stderr));
  }
  const mid = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const out = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, { wallMs: Math.round(mid(v.wall)), cpuMs: Math.round(mid(v.cpu)) }]));
  for (const k of ['eager', 'lazy'] as const) {
    rows.push({ what: `TS program life, bindings ${k === 'lazy' ? 'bound lazily (today)' : 'bound at import (before)'}: wall / CPU (median of 21)`, value: `${out[k].wallMs} / ${out[k].cpuMs} ms`, target: '' });
  }
  const ratio = mid(runs.lazy.cpu) / mid(runs.eager.cpu);
  rows.push({ what: 'TS program life, CPU time lazy / eager', value: `${ratio.toFixed(2)}×`, target: '' });
  return { ...out, cpuRatio: +ratio.toFixed(2) };
}

function median(n: number, f: () => unknown): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = now();
    f();
    t.push(now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(n / 2)];
}

try {
  await main();
} finally {
  releaseTempFolder(scratch);
}
