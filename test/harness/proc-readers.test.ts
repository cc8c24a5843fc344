// The init's evidence records on real processes and real kernel objects: descriptors with
// device, inode and type (pipes, FIFOs, the test's own streams), shared and private mappings,
// threads, io counters and argv — as parseSnapshot reads them from a real init.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTest } from '../../harness/run/run-test.js';
import { planRun } from '../../harness/run/plan.js';
import { prepare } from '../../harness/run/prepare.js';
import { startInit, startInstances } from '../../harness/run/start.js';
import { releaseTempFolder } from '../../harness/interrupt.js';
import { parseSnapshot, type Inventory, type OpenFd, type ProcessState } from '../../harness/observe/snapshot.js';
import { packageRoot } from '../../harness/settings.js';
import type { Observation } from '../../harness/run/observation.js';
import type { Step, TestSpec } from '../../harness/spec/types.js';

const O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1;
let bin: string;
const opts = () => ({ pathDirs: [bin], exerciseDir: '/tmp' });

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'ipclab-evidence-'));
  chmodSync(bin, 0o755);
  execFileSync('cc', ['-O2', '-Wall', '-pthread', '-o', join(bin, 'evidence'), join(packageRoot(), 'test/fixtures/proc-readers/evidence.c')]);
});
afterAll(() => rmSync(bin, { recursive: true, force: true }));

const ready: Step = { wait: { output: { stream: 'main', line: 'ready' } }, timeout: '3s' };
const killAll: Step = { signal: { process: 'main', signal: 'KILL', group: true } };

function spec(run: string[], script: Step[], extra: Partial<TestSpec['processes'][string]> = {}): TestSpec {
  return { name: 'ev', title: 'ev', points: 1, timeout: '8s', processes: { main: { run, ...extra } }, script, checks: [] };
}

/** Runs `evidence ARGS`, samples it once it is ready, and returns the sample with main and its children. */
async function sampled(args: string[], extra: Partial<TestSpec['processes'][string]> = {}): Promise<{ obs: Observation; s: Inventory; main: ProcessState; children: ProcessState[] }> {
  const obs = await runTest(spec(['evidence', ...args], [{ start: 'main' }, ready, { sample: 's' }, killAll], extra), opts());
  expect(obs.streams['main.stderr']?.head.toString() ?? '').toBe('');
  const s = obs.samples.s;
  expect(s.malformed).toBe(0);
  const main = s.processes.find((p) => p.pid === obs.processes[0].pid)!;
  return { obs, s, main, children: s.processes.filter((p) => p.ppid === main.pid) };
}

const fdOf = (p: ProcessState, fd: number): OpenFd => p.fds.find((f) => f.fd === fd)!;
const sameObject = (a: { dev?: number; inode?: number }, b: { dev?: number; inode?: number }) => a.dev !== undefined && a.dev === b.dev && a.inode === b.inode;

describe('descriptor records', () => {
  it('show a pipe: the writer holds the write end, the reader the read end, one dev and inode', async () => {
    const { main, children } = await sampled(['pipe']);
    expect(children).toHaveLength(1);
    const ends = (p: ProcessState) => p.fds.filter((f) => f.type === 'pipe' && f.fd > 2);
    const [w] = ends(main), [r] = ends(children[0]);
    expect(ends(main)).toHaveLength(1); // the parent closed its read end
    expect(ends(children[0])).toHaveLength(1); // and the child its write end
    expect(w.flags & O_ACCMODE).toBe(O_WRONLY);
    expect(r.flags & O_ACCMODE).toBe(O_RDONLY);
    expect(sameObject(w, r)).toBe(true);
    expect(w.target).toBe(`pipe:[${w.inode}]`);
    expect(children[0].syscall?.name).toBe('read');
  }, 20000);

  it('show a FIFO opened by two processes as type fifo, one dev and inode, never opened by the init', async () => {
    const { obs, main, children } = await sampled(['fifo', '${dir}/f']);
    const path = `${obs.vars.dir}/f`;
    const w = main.fds.find((f) => f.target === path)!;
    const r = children[0].fds.find((f) => f.target === path)!;
    expect([w.type, r.type]).toEqual(['fifo', 'fifo']);
    expect(w.flags & O_ACCMODE).toBe(O_WRONLY);
    expect(r.flags & O_ACCMODE).toBe(O_RDONLY);
    expect(sameObject(w, r)).toBe(true);
    expect(w.pending).toBe(-1); // a FIFO is not reopened to measure it
  }, 20000);

  it("tie the test's streams to the pipes the init holds: fd 1 is stdout's, fd 2 stderr's, fd 0 the stdin pipe", async () => {
    const { obs, s, main } = await sampled(['pipe'], { stdin: { text: 'held', hold_from: 1 } });
    const stream = (role: 'out' | 'in', id: number) => s.streams?.find((x) => x.role === role && x.id === id);
    expect(obs.streamIds.main).toBeDefined();
    expect(obs.streamIds['main.stderr']).not.toBe(obs.streamIds.main);
    expect(sameObject(fdOf(main, 1), stream('out', obs.streamIds.main)!)).toBe(true);
    expect(sameObject(fdOf(main, 2), stream('out', obs.streamIds['main.stderr'])!)).toBe(true);
    expect(sameObject(fdOf(main, 0), stream('in', obs.stdinIds.main)!)).toBe(true);
    expect(sameObject(fdOf(main, 1), fdOf(main, 2))).toBe(false);
    expect(fdOf(main, 1).type).toBe('pipe');
  }, 20000);
});

describe('map records', () => {
  it('show a shared file and a shared anonymous mapping in parent and child alike, and a private one as private', async () => {
    const { obs, main, children } = await sampled(['maps', '${dir}/m']);
    const child = children[0];
    const file = `${obs.vars.dir}/m`;
    const find = (p: ProcessState, path: string) => p.maps.filter((m) => m.path === path);
    for (const path of [file, '/dev/zero (deleted)']) {
      const [a] = find(main, path), [b] = find(child, path);
      expect(a).toMatchObject({ shared: true, perms: 'rw-s' });
      expect(b).toMatchObject({ shared: true, perms: 'rw-s', dev: a.dev, inode: a.inode });
      expect(a.dev).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
      expect(a.inode).toBeGreaterThan(0);
    }
    const priv = find(main, '/dev/zero');
    expect(priv).toHaveLength(1);
    expect(priv[0]).toMatchObject({ shared: false, perms: 'rw-p' });
    expect(priv[0].end - priv[0].start).toBe(12288n);
  }, 20000);

  it('keep at most 64 per process, the shared ones first', async () => {
    const { obs, main } = await sampled(['many', '${dir}/m']);
    expect(main.maps).toHaveLength(64);
    expect(main.maps.every((m) => m.shared && m.path === `${obs.vars.dir}/m`)).toBe(true);
  }, 20000);
});

describe('task records', () => {
  it('show a thread blocked in read() while the main one pauses, in thread snapshots and deep ones only', async () => {
    const run = prepare(planRun(spec(['evidence', 'thread'], []), opts()));
    let init: Awaited<ReturnType<typeof startInit>> | undefined;
    try {
      init = await startInit(run);
      startInstances(run, init, [...run.byId.values()], false);
      const settled = (inv: Inventory) => inv.processes[0]?.syscall?.name === 'pause' && inv.processes[0].threads[0]?.syscall?.name === 'read';
      let s = parseSnapshot(await init.snapshot({ threads: true }));
      for (let i = 0; i < 300 && !settled(s); i++) s = parseSnapshot(await init.snapshot({ threads: true }));
      const [p] = s.processes;
      expect(s.malformed).toBe(0);
      expect(p.threads).toHaveLength(1);
      expect(p.threads[0]).toMatchObject({ state: 'S', running: false, syscall: { name: 'read' } });
      expect(p.threads[0].tid).not.toBe(p.pid);
      expect(p.syscall?.name).toBe('pause');
      expect(p.fds).toEqual([]); // threads only: not a deep snapshot
      const deep = parseSnapshot(await init.snapshot(true)).processes[0];
      expect(deep.threads.map((t) => [t.tid, t.syscall?.name])).toEqual([[p.threads[0].tid, 'read']]);
      expect(parseSnapshot(await init.snapshot(false)).processes[0].threads).toEqual([]);
    } finally {
      await init?.killAll(100);
      await init?.quit();
      releaseTempFolder(run.root);
    }
  }, 20000);
});

describe('io and cmdline records', () => {
  it('count the bytes a process wrote, growing as it writes', async () => {
    const obs = await runTest(spec(['evidence', 'io'], [
      { start: 'main' }, { wait: { output: { stream: 'main', line: 'one' } }, timeout: '3s' }, { sample: 'a' },
      { signal: { process: 'main', signal: 'USR1' } }, { wait: { output: { stream: 'main', line: 'two' } }, timeout: '3s' }, { sample: 'b' }, killAll,
    ]), opts());
    const io = (name: string) => obs.samples[name].processes[0].io!;
    expect(io('a').wchar).toBeGreaterThanOrEqual(4);
    expect(io('b').wchar - io('a').wchar).toBeGreaterThanOrEqual(1005);
    expect(io('b').rchar).toBeGreaterThanOrEqual(io('a').rchar);
  }, 20000);

  it('split argv at its NULs, empty and spaced arguments kept, and a zombie has none', async () => {
    const { main, children } = await sampled(['zombie', 'a b', '', 'c']);
    expect(main.argv).toEqual(['evidence', 'zombie', 'a b', '', 'c']);
    expect(children).toHaveLength(1);
    expect(children[0].state).toBe('Z');
    expect(children[0].argv).toEqual([]);
    expect(children[0].cmdline).toBe('');
  }, 20000);
});
