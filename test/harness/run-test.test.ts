// The supervised run, with real processes and real kernel objects.
import { existsSync } from 'node:fs';
import { runTest } from '../../harness/run/run-test.js';
import type { TestSpec } from '../../harness/spec/types.js';
import { processesWith, unique } from '../helpers.js';
import { diagnosisSummary, terminationReason } from '../../grader/wording.js';

const opts = { pathDirs: [], exerciseDir: '/tmp' };

function test(processes: TestSpec['processes'], extra: Partial<TestSpec> = {}): TestSpec {
  return { name: 't', title: 't', points: 1, timeout: '5s', processes, checks: [{ exit: { process: Object.keys(processes)[0], code: 0 } }], ...extra };
}

describe('runTest', () => {
  it('captures stdout and stderr separately and byte-exactly, and feeds stdin', async () => {
    const obs = await runTest(test({
      main: { run: ['sh', '-c', 'cat; printf "\\000\\377" ; echo oops >&2; exit 3'], stdin: { text: 'in ${key}\n' } },
    }), opts);
    expect(obs.processes[0].exit).toEqual({ code: 3 });
    expect(obs.streams.main.head).toEqual(Buffer.concat([Buffer.from(`in ${obs.vars.key}\n`), Buffer.from([0, 255])]));
    expect(obs.streams['main.stderr'].head.toString()).toBe('oops\n');
  });

  it('gives processes that share a stream one pipe, in the order they wrote', async () => {
    const obs = await runTest(test({
      a: { run: ['sh', '-c', 'echo a1; sleep 0.2; echo a2'], stdout: 'terminal' },
      b: { run: ['sh', '-c', 'sleep 0.1; echo b1; sleep 0.2; echo b2'], stdout: 'terminal' },
    }), opts);
    expect(obs.streams.terminal.head.toString()).toBe('a1\nb1\na2\nb2\n');
  });

  it('gives the student a real pipe on stdin and stdout, not a socket', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'readlink /proc/self/fd/0 /proc/self/fd/1'] } }), opts);
    expect(obs.streams.main.head.toString()).toMatch(/^pipe:\[\d+\]\npipe:\[\d+\]\n$/);
  });

  it('runs each test in its own PID namespace, never as root, and no student process is PID 1', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'echo $$; id -u'] } }), opts);
    const [pid, uid] = obs.streams.main.head.toString().trim().split('\n').map(Number);
    if (obs.mode === 'isolated') expect(pid).toBeGreaterThan(1);
    expect(uid).not.toBe(0);
  });

  it('kills a program that sleeps forever at the timeout and leaves nothing behind', async () => {
    const marker = unique('ipclab-sleeper');
    const obs = await runTest(test({ main: { run: ['bash', '-c', `exec -a ${marker} sleep 1000`] } }, { timeout: '600ms' }), opts);
    expect(obs.termination?.reason).toBe('timeout');
    expect(terminationReason(obs.termination!)).toContain('did not finish within 0.6 s');
    expect(diagnosisSummary(obs.diagnosis!)).toMatch(/blocked in (clock_)?nanosleep\(\)/);
    expect(obs.processes[0].killedBy).toBe('timeout');
    expect(processesWith(marker)).toEqual([]);
  });

  it('kills escapees that double-fork and call setsid', async () => {
    const marker = unique('ipclab-escapee');
    const obs = await runTest(test({ main: { run: ['bash', '-c', `(setsid bash -c 'exec -a ${marker} sleep 1000' &) ; exit 0`] } }), opts);
    expect(obs.leftovers.some((l) => l.kind === 'process' && !l.orphaned && !l.zombie)).toBe(true); // still running
    expect(processesWith(marker)).toEqual([]);
  });

  it('reports a child its parent did not wait for as an orphan', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'sleep 0.05 & exec true'] } }), opts);
    // the child outlives or dies unreaped: either way the harness, not its parent, reaps it
    await new Promise((r) => setTimeout(r, 10));
    expect(obs.leftovers.map((l) => l.kind)).toContain('process');
  });

  it('starts processes together from a barrier and waits for output and kernel states', async () => {
    const obs = await runTest(test({
      holder: { run: ['sh', '-c', 'echo ready; read line; echo got $line'] },
      w: { run: ['sh', '-c', 'date +%s%N'], count: 3 },
    }, {
      script: [
        { start: 'holder' },
        { wait: { output: { stream: 'holder', line: 'ready' } } },
        { wait: { blocked: { process: 'holder', call: 'read' } } },
        { sample: 'blocked' },
        { send: { process: 'holder', text: 'hello\n' } },
        { start: 'w', together: true },
      ],
    }), opts);
    expect(obs.streams.holder.head.toString()).toBe('ready\ngot hello\n');
    const holder = obs.samples.blocked.processes.find((p) => p.pid === obs.processes[0].pid);
    expect(holder?.syscall?.name).toBe('read');
    const times = [0, 1, 2].map((i) => Number(obs.streams[`w[${i}]`].head.toString()));
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(200e6);
  });

  it('holds back part of stdin until the script sends the rest', async () => {
    const obs = await runTest(test({ main: { run: ['cat'], stdin: { text: 'first\nsecond\n', hold_from: 6 } } }, {
      script: [
        { start: 'main' },
        { wait: { output: { stream: 'main', line: 'first' } } },
        { wait: { blocked: { process: 'main', call: 'read' } } },
        { sample: 'half' },
        { send: { process: 'main', rest: true } },
      ],
    }), opts);
    expect(obs.streams.main.head.toString()).toBe('first\nsecond\n');
    expect(obs.samples.half.processes.find((p) => p.pid === obs.processes[0].pid)?.syscall?.name).toBe('read');
  });

  it('sees System V objects the test creates, and says which remain', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'ipcmk -Q -p 0600 >/dev/null && echo made'] } }), opts);
    expect(obs.streams.main.head.toString()).toBe('made\n');
    expect(obs.leftovers).toEqual([expect.objectContaining({ kind: 'sysv', object: expect.objectContaining({ kind: 'msg' }) })]);
  });

  it('stops a flood at the output limit and keeps the head and the tail', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'yes flood'] } }, { output_limit: 65536 }), opts);
    expect(obs.termination).toEqual({ reason: 'output-limit', stream: 'main', limitBytes: 65536 });
    expect(obs.streams.main.truncated).toBe(true);
    expect(obs.streams.main.head.length).toBe(65536);
    expect(obs.streams.main.tail.length).toBeGreaterThan(0);
  });

  it('reports a program that does not exist by name', async () => {
    const obs = await runTest(test({ main: { run: ['no_such_program_here'] } }), opts);
    expect(obs.processes[0].execError).toBe('`no_such_program_here` was not found');
  });

  it('fails a wait step that never comes true, with a diagnosis, within its timeout', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'read x'], stdin: { text: '', hold_from: 0 } } }, {
      script: [{ start: 'main' }, { wait: { output: { stream: 'main', line: 'never' } }, timeout: '300ms' }],
    }), opts);
    expect(obs.termination?.reason).toBe('step-timeout');
    expect(terminationReason(obs.termination!)).toContain('`main` to print the line "never"');
    expect(obs.termination?.step).toBe(1); // the index of the wait in the script (hints find what it waited for)
    expect(diagnosisSummary(obs.diagnosis!)).toContain('blocked in read() on its standard input');
  });

  it('removes its temporary folders', async () => {
    const obs = await runTest(test({ main: { run: ['true'] } }), opts);
    expect(existsSync(obs.vars.dir)).toBe(false);
  });

  it('confines a test under pressure to the last CPU, with a busy process beside it that is never reported', async () => {
    const obs = await runTest(test({ main: { run: ['sh', '-c', 'grep Cpus_allowed_list /proc/self/status'] } }, { pressure: { cpus: 1, hogs: 1 } }), opts);
    const last = (await import('node:os')).cpus().length - 1;
    expect(obs.streams.main.head.toString()).toBe(`Cpus_allowed_list:\t${last}\n`);
    expect(obs.leftovers).toEqual([]);
    expect(obs.orphans).toEqual([]);
  });

  it('templates pids into steps and waits for partial text', async () => {
    const obs = await runTest(test({
      talker: { run: ['sh', '-c', 'printf "pid $$: wor"; sleep 5; echo ld'] },
      killer: { run: ['sh', '-c', 'echo ${pid:talker}'] },
    }, {
      script: [
        { start: 'talker' },
        { wait: { output: { stream: 'talker', text_matches: 'pid [0-9]+: w' } } },
        { start: 'killer' },
        { wait: { exited: 'killer' } },
        { signal: { process: 'talker', signal: 'KILL' } },
      ],
    }), opts);
    const talkerPid = obs.processes[0].pid;
    expect(obs.streams.killer.head.toString()).toBe(`${talkerPid}\n`);
    expect(obs.streams.talker.head.toString()).toBe(`pid ${talkerPid}: wor`);
    expect(obs.processes[0].exit).toEqual({ signal: 'SIGKILL' });
  });
});

describe('conditions and file checks', () => {
  it('accepts alternative calls, and file checks take patterns', async () => {
    const { runChecks } = await import('../../grader/checks/index.js');
    const t = test({ main: { run: ['sh', '-c', 'touch c.1.fifo c.2.fifo keep; read x'], stdin: { text: '', hold_from: 0 } } }, {
      script: [{ start: 'main' }, { wait: { blocked: { process: 'main', call: 'poll|read' } }, timeout: '3s' }, { send: { process: 'main', close: true } }],
      checks: [{ files: { absent: ['${dir}/c.*.fifo'], present: ['kee?'] } }],
    });
    const obs = await runTest(t, opts);
    expect(obs.termination).toBeUndefined();
    const f = runChecks(t, obs).filter((x) => !x.passed);
    expect(f.map((x) => x.rationale)).toEqual(['the file c.1.fifo, the file c.2.fifo were left in the working directory']);
  });
});
