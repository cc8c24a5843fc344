// SIGTERM/SIGINT to `ipclab grade` and `grade-batch` while a student's process tree runs: the
// tree ends, no temp folder of ipclab's is left (build folders hold the student's source and
// binary), the exit code names the signal, and a batch still writes its gradebook.
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, privateTmp, startIpclab, workspace, type Grader, type Workspace } from './grader.js';

const fixtures = join(packageRoot(), 'test', 'fixtures', 'signals');
const catalogue = join(fixtures, 'exercises');
const EXIT = { SIGTERM: 143, SIGINT: 130 } as const;

interface Proc {
  pid: number;
  /** Start time in clock ticks: with the pid, one process (pids are reused). */
  start: string;
}

function stat(pid: number): { ppid: number; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state)
    return { ppid: Number(f[1]), start: f[19] };
  } catch {
    return undefined;
  }
}

/** Every process below pid, found through parent links (never by name). */
function descendants(pid: number): Proc[] {
  const children = new Map<number, Proc[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const s = stat(Number(d));
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), { pid: Number(d), start: s.start }]);
  }
  const out: Proc[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(pid);
  return out;
}

const alive = (p: Proc) => stat(p.pid)?.start === p.start;

async function until(what: string, ok: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The sleeper's tree is up: its grandchild, below ipclab, calls itself `started`. */
const treeStarted = (pid: number) => descendants(pid).some((p) => comm(p.pid) === 'started');

function comm(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

describe.each(graders)('signals to ipclab (grader: %s)', (as: Grader) => {
  let ws: Workspace;
  let tmp: string;
  beforeEach(() => {
    ws = workspace(as, 'ipclab-signals-');
    tmp = privateTmp(ws, as);
  });
  afterEach(() => ws.remove());

  /** Starts ipclab, waits for the sleeper's tree, signals ipclab, and checks that all of it is gone. */
  async function interrupt(args: string[], signal: keyof typeof EXIT) {
    const child = startIpclab(args, as, { home: ws.dir, cwd: ws.dir, env: { TMPDIR: tmp } });
    await until('the sleeper to start', () => treeStarted(child.pid!) || child.exitCode !== null);
    expect(readdirSync(tmp).some((n) => n.startsWith('ipclab-build-'))).toBe(true);
    const tree = descendants(child.pid!);
    // two inits (outside and PID 1 inside the namespaces), the sleeper, its child and grandchild
    // (and a worker process above them with --workers)
    expect(tree.length).toBeGreaterThanOrEqual(5);
    child.kill(signal);
    const r = await child;
    await until('the run\'s processes to end', () => !tree.some(alive), 5000);
    expect(readdirSync(tmp)).toEqual([]);
    expect(r.exitCode).toBe(EXIT[signal]);
    return r;
  }

  it.each(['SIGTERM', 'SIGINT'] as const)('grade: %s ends the tests, removes every temp folder', async (signal) => {
    const r = await interrupt(['grade', join(fixtures, 'subs', 'sleeper'), '--catalogue', catalogue, '-f', 'json', '--out', join(ws.dir, 'r.json')], signal);
    expect(existsSync(join(ws.dir, 'r.json'))).toBe(false); // no report of tests cut short
    expect(String(r.stderr)).not.toMatch(/^\s+at /m);
  }, 90_000);

  it.each([['SIGTERM', []], ['SIGINT', []], ['SIGTERM', ['--workers']]] as const)('grade-batch: %s %j ends the students under way and still writes the gradebook', async (signal, extra) => {
    const cls = join(ws.dir, 'class');
    cpSync(join(fixtures, 'subs', 'quick'), join(cls, 'a-quick'), { recursive: true });
    cpSync(join(fixtures, 'subs', 'sleeper'), join(cls, 'b-sleeper'), { recursive: true });
    const out = join(ws.dir, 'results');
    // one job: a-quick is done before b-sleeper starts (with --workers, in a process of its own)
    await interrupt(['grade-batch', cls, '--catalogue', catalogue, '--jobs', '1', '--out', out, ...extra], signal);
    expect(readFileSync(join(out, 'gradebook.csv'), 'utf8')).toBe('student,exercise,points,max\na-quick,sleeper,1,1\n');
    expect(existsSync(join(out, 'students', 'b-sleeper', 'result.json'))).toBe(false); // graded next time
  }, 90_000);
});
