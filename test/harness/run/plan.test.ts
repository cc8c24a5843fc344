// The planner, without processes: a spec becomes instances, streams, limits and templates,
// and the per-run values fill the templates as the run will.
import { baseEnv, commandPlan, diagramTraceBytes, fillProcess, planRun, TRACE_LIMIT, TRACE_TIME_FACTOR } from '../../../harness/run/plan.js';
import { TemplateError } from '../../../harness/spec/template.js';
import type { TestSpec } from '../../../harness/spec/types.js';

const opts = { pathDirs: ['/bin-dir'], exerciseDir: '/ex' };
const vars = { dir: '/w', key: '1234', name: '/ipclab-x' };

function spec(processes: TestSpec['processes'], extra: Partial<TestSpec> = {}): TestSpec {
  return { name: 't', title: 't', points: 1, processes, checks: [], ...extra };
}

describe('planRun', () => {
  it('expands count into labelled instances with their own streams', () => {
    const plan = planRun(spec({ client: { run: ['c'], count: 2 }, server: { run: ['s'], stdout: 'terminal' } }), opts);
    expect(plan.processes.map((p) => [p.label, p.instance, p.stdout, p.stderr, p.ownStdout])).toEqual([
      ['client[0]', 0, 'client[0]', 'client[0].stderr', true],
      ['client[1]', 1, 'client[1]', 'client[1].stderr', true],
      ['server', 0, 'terminal', 'server.stderr', false],
    ]);
    expect(plan.aliases).toEqual([['server', 'terminal']]);
  });

  it('stretches a traced test\'s timeouts (strace stops it at every system call), the test\'s own trace winning', () => {
    const traced = planRun(spec({ a: { run: ['a'] } }, { timeout: '3s' }), { ...opts, trace: true });
    expect([traced.trace, traced.timeFactor, traced.timeoutMs]).toEqual([true, TRACE_TIME_FACTOR, 3000 * TRACE_TIME_FACTOR]);
    // the trace is kept whole for a `trace:` check, else as much as a diagram needs
    expect(traced.traceBytes).toBe(diagramTraceBytes(1));
    expect(planRun(spec({ a: { run: ['a'], count: 50 } }), { ...opts, trace: true }).traceBytes).toBe(diagramTraceBytes(50));
    expect(diagramTraceBytes(50)).toBeGreaterThan(50 * 48_000);
    expect(planRun(spec({ a: { run: ['a'] } }, { checks: [{ trace: { stdout_from: 'a', stream: 'a' } }] as TestSpec['checks'] }), { ...opts, trace: true }).traceBytes).toBe(TRACE_LIMIT);
    // forced (--explain's re-run, --trace all) over the test's own `trace: false`
    expect(planRun(spec({ a: { run: ['a'] } }, { trace: false }), { ...opts, traceAll: true }).trace).toBe(true);
    const own = planRun(spec({ a: { run: ['a'] } }, { timeout: '3s', trace: false }), { ...opts, trace: true });
    expect([own.trace, own.timeFactor, own.timeoutMs]).toEqual([false, 1, 3000]);
  });

  it('derives limits and timeouts from the spec and the options', () => {
    const plan = planRun(spec({ main: { run: ['node-prog'], limits: { open_files: 9 } } }, { timeout: '3s', max_processes: 7 }), { ...opts, memoryMbFor: () => 4096 });
    expect(plan.timeoutMs).toBe(3000);
    expect(plan.maxProcesses).toBe(7);
    expect(plan.processes[0].limits).toEqual({ cpuSeconds: 8, addressSpace: 4096 * 1024 * 1024, fileSize: 256 * 1024 * 1024, openFiles: 9, processes: 0 });
  });

  it('starts every process when there is no script, and keeps typed-to stdins open', () => {
    expect(planRun(spec({ a: { run: ['a'] }, b: { run: ['b'] } }), opts).script).toEqual([{ start: ['a', 'b'] }]);
    const plan = planRun(spec({ a: { run: ['a'] } }, { script: [{ start: 'a' }, { send: { process: 'a', text: 'x' } }, { send: { process: 'a', close: true } }] }), opts);
    expect(plan.interactive).toEqual(['a']);
  });

  it('reads stdin files from the exercise folder, and none means no pipe', () => {
    const plan = planRun(spec({ a: { run: ['a'], stdin: { file: 'in.txt', hold_from: 3 } }, b: { run: ['b'], stdin: 'none' } }), opts);
    expect(plan.processes.map((p) => p.stdin)).toEqual([{ pipe: true, text: undefined, file: '/ex/in.txt', random: undefined, holdFrom: 3 }, { none: true }]);
  });
});

describe('fillProcess', () => {
  const plan = planRun(spec({
    w: { run: ['prog', '${dir}/fifo', '${key}', '${i}', '${pid:other}'], count: 2, env: { KEY: '${key_hex}x', HOME: null, LANG: 'fr' } },
  }), opts);
  const base = baseEnv(['/bin-dir'], '/w');

  it('fills the run values, keeps ${pid:…} for the start, and applies env over the base', () => {
    const { argv, env } = fillProcess(plan.processes[1], { ...vars, key_hex: '0x4d2' }, base);
    expect(argv).toEqual(['prog', '/w/fifo', '1234', '1', '${pid:other}']);
    expect(env).toEqual({ PATH: '/bin-dir:/usr/local/bin:/usr/bin:/bin', LANG: 'fr', TMPDIR: '/w', KEY: '0x4d2x' });
  });

  it('rejects an unknown variable', () => {
    expect(() => fillProcess(plan.processes[0], vars, base)).toThrow(TemplateError);
  });
});

describe('commandPlan', () => {
  it('runs one command alone in the given folder, as the given user', () => {
    const plan = commandPlan(['make'], { workDir: '/b', as: { uid: 5, gid: 6 }, timeoutMs: 120_000, limits: { memory_mb: 4096, processes: 0, cpu_seconds: 120 } });
    expect(plan.processes).toHaveLength(1);
    expect(plan.processes[0]).toMatchObject({ label: 'build', argv: ['make'], stdin: { none: true }, stdout: 'build', stderr: 'build.stderr' });
    expect(plan.processes[0].limits).toEqual({ cpuSeconds: 120, addressSpace: 4096 * 1024 * 1024, fileSize: 256 * 1024 * 1024, openFiles: 256, processes: 0 });
    expect(plan).toMatchObject({ workDir: '/b', as: { uid: 5, gid: 6 }, script: [{ start: ['build'] }], maxProcesses: 1024 });
  });

  it('is what the old build spec planned to', () => {
    const old = planRun(spec({ build: { run: ['cc', 'x.c'], stdin: 'none', limits: { memory_mb: 4096, processes: 0, cpu_seconds: 120 } } }, { timeout: '120s', cleanup: false }), { pathDirs: [], exerciseDir: '/b', workDir: '/b', as: { uid: 5, gid: 6 } });
    const now = commandPlan(['cc', 'x.c'], { workDir: '/b', as: { uid: 5, gid: 6 }, timeoutMs: 120_000, limits: { memory_mb: 4096, processes: 0, cpu_seconds: 120 } });
    expect(now).toEqual({ ...old, processes: old.processes.map((p) => ({ ...p, literal: true })) });
  });

  it('never templates its command line: it names the student\'s files, `${nope}.c` included', () => {
    const plan = commandPlan(['cc', '-o', 'p', 'p.c', '${nope}.c', '${dir}.c'], { workDir: '/b', as: { uid: 5, gid: 6 }, timeoutMs: 1000, limits: {} });
    expect(fillProcess(plan.processes[0], vars, {}).argv).toEqual(['cc', '-o', 'p', 'p.c', '${nope}.c', '${dir}.c']);
  });
});
