// Hints come from data: the exercise's own first, else the general catalogue.
import { runTest } from '../../harness/run/run-test.js';
import { matchHints } from '../../grader/hints.js';
import type { TestSpec } from '../../harness/spec/types.js';

const opts = { pathDirs: [], exerciseDir: '/tmp' };
const spec = (run: string[], name = 't'): TestSpec => ({ name, title: 't', points: 1, timeout: '600ms', processes: { main: { run, stdin: { text: '', hold_from: 0 } } }, checks: [{ exit: { process: 'main', code: 0 } }] });

describe('hints', () => {
  it('gives the general hint for a reader that never sees end of file', async () => {
    const t = spec(['sh', '-c', 'cat']);
    const obs = await runTest(t, opts);
    expect(matchHints(t, obs)).toContainEqual(expect.stringContaining('sees end of file only when every write end is closed'));
  });

  it("prefers the exercise's own hint, and respects its test and process", async () => {
    const t = spec(['sh', '-c', 'kill -SEGV $$'], 'crash');
    const obs = await runTest(t, opts);
    const own = [
      { when: { test: 'other', signal: { signal: 'SEGV' } }, text: 'not this test' },
      { when: { signal: { process: 'main', signal: 'SEGV' } }, text: 'own hint' },
    ];
    expect(matchHints(t, obs, own)).toEqual(['own hint']);
    expect(matchHints(t, obs, [])).toEqual([expect.stringContaining('segmentation fault')]);
  });

  it('matches output with RE2: \\A\\z is an empty stream (popen-filter says "empty" so)', async () => {
    const empty = [{ when: { output: { stream: 'main', matches: '\\A\\z' } }, text: 'printed nothing' }];
    const silent = spec(['sh', '-c', 'exit 1']);
    const talker = spec(['sh', '-c', 'echo; exit 1']);
    expect(matchHints(silent, await runTest(silent, opts), empty)).toEqual(['printed nothing']);
    expect(matchHints(talker, await runTest(talker, opts), empty)).not.toContain('printed nothing');
  });
});

// ---- rules over facts, built from hand-made Observations (no process runs) ----
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { applyHints, generalHints, leadingCause, matchedHints } from '../../grader/hints.js';
import { causes } from '../../grader/causes.js';
import { packageRoot } from '../../harness/settings.js';
import type { Observation } from '../../harness/run/observation.js';
import { diagnose, type ProcessDiagnosis } from '../../harness/observe/diagnose.js';
import type { Hint } from '../../harness/spec/types.js';
import type { TestResult } from '../../grader/model.js';
import { diagnosisOf, inventory, observation, outOfTime, proc, processState, stream, waitGaveUp } from './checks/observations.js';

/** A test that starts `server`, waits for its `ready`, then starts `client`. */
const waiting: TestSpec = {
  name: 'one-client', title: 't', points: 1,
  processes: { server: { run: ['srv'] }, client: { run: ['cli'] } },
  script: [{ start: 'server' }, { wait: { output: { stream: 'server', line: 'ready' } } }, { start: 'client' }],
  checks: [],
};

function blockedIn(call: string, over: Partial<ProcessDiagnosis> = {}): ProcessDiagnosis {
  return { pid: 100, label: 'server', program: 'srv', who: { pid: 100, label: 'server', program: 'srv' }, state: 'blocked', call, cpuTicks: 0, ...over };
}

/** The server still ran when the wait for its ready gave up (ipclab then killed it). */
function readyNeverCame(bytes: string, over: Partial<Observation> = {}): Observation {
  return observation({
    processes: [proc('server', { exit: { signal: 'SIGKILL' }, killedBy: 'timeout' }), proc('client', { pid: undefined, exit: undefined })],
    streams: { server: stream(bytes) },
    termination: waitGaveUp(1),
    diagnosis: diagnosisOf([blockedIn('read'), blockedIn('semtimedop', { pid: 101, label: 'helper' })]),
    ...over,
  });
}

const texts = (hs: Hint[]) => hs.map((h) => h.text);

describe('hint rules', () => {
  it('nothing on the stdout a timed-out wait waited for, from a process still running: stdout-buffered, alone', () => {
    const hs = matchedHints(waiting, readyNeverCame(''));
    expect(hs).toHaveLength(1);
    expect(hs[0].cause).toBe('stdout-buffered');
    expect(hs[0].text).toMatch(/^if it printed what the test waits for, .*fflush\(stdout\)/);
  });

  it('says which process wrote nothing, and what it was blocked in, before the fix', () => {
    const fix = generalHints().find((h) => h.cause === 'stdout-buffered')!.text;
    expect(matchHints(waiting, readyNeverCame(''))).toEqual([`\`server\` wrote 0 bytes to its standard output, yet it was still running, blocked in read(): ${fix}`]);
  });

  it('is not stdout-buffered when a byte came, the process exited by itself, or no output wait timed out', () => {
    const causesOf = (obs: Observation) => matchedHints(waiting, obs).map((h) => h.cause);
    expect(causesOf(readyNeverCame('rea'))).toEqual(['write-end-open', 'semaphore-never-raised']);
    expect(causesOf(readyNeverCame('', { processes: [proc('server', { exit: { code: 0 } })] }))).not.toContain('stdout-buffered');
    expect(causesOf(readyNeverCame('', { termination: outOfTime() }))).not.toContain('stdout-buffered');
    expect(causesOf(readyNeverCame('', { termination: { reason: 'step-timeout', step: 2, failure: { kind: 'start', processes: ['client'], error: 'start failed' } } }))).not.toContain('stdout-buffered');
  });

  it('an exercise hint may say `alone` too, and the exercise\'s comes first', () => {
    const own: Hint[] = [{ when: { 'step-timeout': true }, text: 'own', alone: true }, { when: { timeout: true }, text: 'other' }];
    expect(texts(matchedHints(waiting, readyNeverCame(''), { hints: own }))).toEqual(['own']);
  });

  it('combines facts with all, any and not; the flat form is the all of its keys', () => {
    const obs = readyNeverCame('abc');
    const on = (when: Hint['when']) => texts(matchedHints(waiting, obs, { hints: [{ when, text: 'x' }] })).includes('x');
    expect(on({ blocked: { call: 'read' }, 'step-timeout': true })).toBe(true);
    expect(on({ blocked: { call: 'read' }, timeout: false })).toBe(false);
    expect(on({ all: [{ blocked: { call: 'read' } }, { wrote: { stream: 'server', bytes: { max: 3 } } }] })).toBe(true);
    expect(on({ all: [{ blocked: { call: 'read' } }, { wrote: { stream: 'server', bytes: { max: 2 } } }] })).toBe(false);
    expect(on({ any: [{ blocked: { call: 'msgrcv' } }, { blocked: { process: 'helper', call: 'semop' } }] })).toBe(true);
    expect(on({ not: { blocked: { call: 'read' } } })).toBe(false);
    expect(on({ test: ['other', 'one-client'] })).toBe(true);
    expect(on({ test: 'other' })).toBe(false);
    expect(on({ exit: { process: 'server' } })).toBe(false); // ipclab killed it: not an end of its own
  });

  it('blocked.process is any process reference: a test process, its program (command) name, a forked process by parentage', () => {
    // server (pid 100, program srv) forked a worker (pid 102) that the test never started
    const worker = blockedIn('read', { pid: 102, label: 'work', program: 'work', who: { pid: 102, program: 'work', parent: { label: 'server', program: 'srv' } } });
    const obs = readyNeverCame('abc', {
      processes: [proc('server', { pid: 100, exit: { signal: 'SIGKILL' }, killedBy: 'timeout' })],
      diagnosis: diagnosisOf([blockedIn('semtimedop'), worker]),
      final: inventory({ processes: [processState(100, { argv: ['/b/srv'] }), processState(102, { ppid: 100, argv: ['/b/work'] })] }),
    });
    const on = (process: string, call: string) => texts(matchedHints(waiting, obs, { hints: [{ when: { blocked: { process, call } }, text: 'x' }] })).includes('x');
    const refs = ['server', 'srv', 'work', 'work child of server', 'child of srv', 'work child of work', 'child of server'];
    const calls = ['semop', 'semop', 'read', 'read', 'read', 'read', 'semop'];
    expect(Object.fromEntries(refs.map((r, i) => [r, on(r, calls[i])]))).toEqual({
      server: true, srv: true, work: true, 'work child of server': true, 'child of srv': true, 'work child of work': false, 'child of server': false,
    });
  });

  it('knows exits, objects present and the kind of what was left behind', () => {
    const sem = { kind: 'sem' as const, key: 1, id: 2, owner: 0, mode: 0o600, values: [0], waitingForIncrease: [0], waitingForZero: [0], otime: 0, ctime: 0 };
    const obs = observation({
      processes: [proc('main', { exit: { code: 3 } }), proc('crash', { exit: { signal: 'SIGSEGV' } })],
      final: inventory({ posix: [{ kind: 'shm', name: '/x', size: 1, uid: 0, mode: 0o600 }] }),
      leftovers: [{ kind: 'sysv', object: sem as never }],
    });
    const t = { ...waiting, processes: { main: { run: ['m'] }, crash: { run: ['c'] } } };
    const on = (when: Hint['when']) => texts(matchedHints(t, obs, { hints: [{ when, text: 'x' }] })).includes('x');
    expect(on({ exit: { process: 'main', code: 3 } })).toBe(true);
    expect(on({ exit: { process: 'main', code: 0 } })).toBe(false);
    expect(on({ exit: { process: 'crash', signal: 'SEGV' } })).toBe(true);
    expect(on({ object: 'posix-shm' })).toBe(true);
    expect(on({ object: 'shm' })).toBe(false);
    expect(on({ leftover: 'sem' })).toBe(true);
    expect(on({ leftover: 'sysv' })).toBe(true);
    expect(on({ leftover: 'msg' })).toBe(false);
  });

  it("a SIGTERM the test sent and the process did not catch is its own death; a SIGKILL or a timeout's kill is not", () => {
    const died = (signal: string, killedBy: 'test' | 'timeout') => observation({ processes: [proc('server', { exit: { signal }, killedBy })] });
    const on = (obs: Observation, signal: string) => texts(matchedHints(waiting, obs, { hints: [{ when: { signal: { process: 'server', signal } }, text: 'x' }] })).includes('x');
    expect(on(died('SIGTERM', 'test'), 'TERM')).toBe(true);
    expect(on(died('SIGKILL', 'test'), 'KILL')).toBe(false);
    expect(on(died('SIGTERM', 'timeout'), 'TERM')).toBe(false);
    expect(on(observation({ processes: [proc('server', { exit: { code: 0 }, killedBy: 'test' })] }), 'TERM')).toBe(false); // caught it
  });

  it('tells a FIFO opened for writing from one opened for reading, and a pipe from a FIFO', () => {
    // the diagnosis of the final snapshot says what each call waits on, as the harness makes it
    const observed = (final: Observation['final'], labels: Array<[number, string]>) =>
      observation({ termination: outOfTime(), final, diagnosis: diagnose(final!, new Map(labels)) });
    const opening = (flags: string, target = '') => observed(inventory({ processes: [processState(100, flags === 'read'
      ? { syscall: { nr: 0, name: 'read', args: ['3'] }, fds: [{ fd: 3, flags: 0, target, pending: 0, capacity: 0, type: target.startsWith('pipe') ? 'pipe' : 'fifo' }] }
      : { wchan: 'wait_for_partner', syscall: { nr: 257, name: 'openat', args: ['ffffff9c', '7ffd0000', flags] } })] }), [[100, 'server']]);
    const causeOf = (obs: Observation) => matchedHints(waiting, obs).map((h) => h.cause);
    expect(causeOf(opening('1'))).toEqual(['fifo-open-blocks']); // O_WRONLY
    expect(causeOf(opening('0'))).toEqual(['fifo-open-order']); // O_RDONLY
    // a client waiting to open its own FIFO for reading while the server waits to open one for writing: the server is the cause
    const final = opening('1').final!;
    final.processes.push(processState(101, { wchan: 'wait_for_partner', syscall: { nr: 257, name: 'openat', args: ['ffffff9c', '7ffd0000', '0'] } }));
    expect(causeOf(observed(final, [[100, 'server'], [101, 'client']]))).toEqual(['fifo-open-blocks']);
    expect(causeOf(opening(''))).toEqual([]); // flags unreadable: neither way is claimed
    const on = (obs: Observation, b: NonNullable<Hint['when']['blocked']>) => texts(matchedHints(waiting, obs, { hints: [{ when: { blocked: b }, text: 'x' }] })).includes('x');
    expect(on(opening('read', 'pipe:[42]'), { call: 'read', on: 'pipe', access: 'read' })).toBe(true);
    expect(on(opening('read', 'pipe:[42]'), { call: 'read', on: 'fifo' })).toBe(false);
    expect(on(opening('read', '/w/server.fifo'), { call: 'read', on: 'fifo' })).toBe(true);
  });

  it('never shows a hint the statement contradicts', () => {
    const obs = readyNeverCame('x');
    expect(matchedHints(waiting, obs, { forbids: ['SEM_UNDO'] }).map((h) => h.cause)).toEqual(['write-end-open']);
    expect(matchedHints(waiting, obs, { requires: ['keep-fifo-write-end'] }).map((h) => h.cause)).toEqual(['semaphore-never-raised']);
    expect(matchedHints(waiting, obs, { forbids: ['SEM_UNDO'], requires: ['keep-fifo-write-end'] })).toEqual([]);
    // the fifo-tee statement wants a blocking open: no O_NONBLOCK advice there
    const own: Hint[] = [{ when: { timeout: true }, suggests: ['O_NONBLOCK'], text: 'x' }];
    expect(matchedHints(waiting, obs, { hints: own, forbids: ['O_NONBLOCK'] }).map((h) => h.text)).not.toContain('x');
  });

  it('a drain the statement wants non-blocking: IPC_NOWAIT alone, never "check the type"', () => {
    const obs = observation({ termination: outOfTime(), diagnosis: diagnosisOf([blockedIn('msgrcv')]) });
    expect(matchedHints(waiting, obs).map((h) => h.cause)).toEqual(['message-type-unsent']);
    const drain = matchedHints(waiting, obs, { requires: ['IPC_NOWAIT'] });
    expect(drain.map((h) => h.cause)).toEqual(['drain-blocks']);
    expect(drain[0].text).toMatch(/IPC_NOWAIT.*ENOMSG/);
  });

  it('the leading cause: why a stopped run stopped, else the first failed finding that names one', () => {
    const hints: Hint[] = [{ when: {}, text: 'h', cause: 'stdout-buffered' }];
    const findings = [{ title: 'a', passed: true, cause: 'own-copy' }, { title: 'b', passed: false, cause: 'lost-updates' }];
    expect(leadingCause(findings, hints, readyNeverCame(''))).toBe('stdout-buffered');
    expect(leadingCause(findings, hints, observation())).toBe('lost-updates');
    expect(leadingCause([], hints, observation())).toBe('stdout-buffered');
    expect(leadingCause([], [], observation())).toBeUndefined();
    const result = { findings, status: 'failed' } as unknown as TestResult;
    applyHints(result, waiting, readyNeverCame(''), {});
    expect(result.cause).toBe('stdout-buffered');
    expect(result.hints).toEqual([expect.stringMatching(/^`server` wrote 0 bytes/)]);
    // in a test that gave up, the hint that explains it alone is its lead, not one hint among others
    const gaveUp = { findings, status: 'failed', gaveUp: true } as unknown as TestResult;
    applyHints(gaveUp, waiting, readyNeverCame(''), {});
    expect(gaveUp.lead).toMatch(/^`server` wrote 0 bytes/);
    expect(gaveUp.hints).toBeUndefined();
    // not alone: the hint that names the cause leads, the others stay hints
    const two = { findings: [], status: 'failed', gaveUp: true } as unknown as TestResult;
    applyHints(two, waiting, readyNeverCame('rea'), {});
    expect([two.cause, two.lead, two.hints]).toEqual(['write-end-open', expect.stringMatching(/^a reader of a pipe sees end of file/), [expect.stringMatching(/semaphore nobody will raise/)]]);
  });

  it('the general catalogue fits the schema and names only known causes', () => {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'exercises', 'schema.json'), 'utf8'));
    const validate = new Ajv({ strict: false }).compile({ ...schema, type: 'array', items: { $ref: '#/definitions/hint' }, required: [], properties: {} });
    const hs = generalHints();
    expect(validate(hs)).toBe(true);
    for (const h of hs) if (h.cause) expect(causes().has(h.cause)).toBe(true);
    expect(hs.filter((h) => h.cause).length).toBe(hs.length);
  });
});

// ---- exercise hints of the catalogue: each holds on its shape and not on a near miss ----
import { parse as parseYaml } from 'yaml';

describe('exercise hints (causes-b: mmap-devzero, sem-mutex, msgq-types)', () => {
  const hintsOf = (ex: string): Hint[] => (parseYaml(readFileSync(join(packageRoot(), 'exercises', ex, 'exercise.yaml'), 'utf8')) as { hints: Hint[] }).hints;
  const named = (name: string): TestSpec => ({ name, title: 't', points: 1, processes: {}, checks: [] });
  const causeOf = (ex: string, test: string, obs: Observation) => matchedHints(named(test), obs, { hints: hintsOf(ex) }).map((h) => h.cause);

  it('mmap-devzero: right values in lumps per process are unflushed lines; each counting from 0 is its own copy; other wrong values neither', () => {
    const out = (text: string) => observation({ processes: [proc('main')], streams: { main: stream(text) } });
    expect(causeOf('mmap-devzero', 'ten-devzero', out('child 1\nchild 3\nparent 0\nparent 2\nfinal 4\n'))).toEqual(['stdout-buffered']);
    // each counting its own copy from 0 is another cause, with its own hint
    expect(causeOf('mmap-devzero', 'ten-devzero', out('parent 0\nchild 0\nparent 1\nchild 1\nfinal 2\n'))).toEqual(['own-copy']);
    expect(causeOf('mmap-devzero', 'ten-devzero', out('parent 0\nchild 1\nparent 3\nchild 4\nfinal 5\n'))).toEqual([]);
  });

  it('sem-mutex: every word printed and every exit clean, yet value-restored failed: the semaphore is off balance', () => {
    const lines = [3, 4, 5].flatMap((p) => ['one', 'two', 'three', 'four', 'five'].map((w) => `process ${p}: ${w}\n`)).join('');
    const run = (rmCode: number) => observation({ processes: [proc('init'), proc('printer'), proc('rm', { exit: { code: rmCode } })], streams: { terminal: stream(lines) } });
    expect(causeOf('sem-mutex', 'value-restored', run(0))).toEqual(['semaphore-unbalanced']);
    expect(causeOf('sem-mutex', 'value-restored', run(1))).toEqual([]);
    // four-printers: mixed within the first eight lines (no semaphore) or only once eight whole lines had come (off balance)
    const printed = (text: string) => observation({ streams: { terminal: stream(text) } });
    expect(causeOf('sem-mutex', 'four-printers', printed('process 5: process 6: aallpha\nprocess 3: bravo\n'))).toEqual(['lock-not-taken']);
    expect(causeOf('sem-mutex', 'four-printers', printed('pprocess 3: alpha\nrocess 4: alpha\n'))).toEqual(['lock-not-taken']);
    // one printer got ahead with the first line, then they mixed (seen in CI under load)
    expect(causeOf('sem-mutex', 'four-printers', printed('process 3: alpha\nprocess 4: process 5: bbrraavvoo\n'))).toEqual(['lock-not-taken']);
    const whole = [3, 4, 5, 6].flatMap((p) => [`process ${p}: alpha\n`, `process ${p}: bravo\n`]).join('');
    expect(causeOf('sem-mutex', 'four-printers', printed(`${whole}process 4: eechho\no\n`))).toEqual(['semaphore-unbalanced']);
    expect(causeOf('sem-mutex', 'four-printers', printed(`${whole}process 3: cahrarlie\n`))).toEqual(['semaphore-unbalanced']);
    expect(causeOf('sem-mutex', 'four-printers', printed(`${whole}process 3: bravo\n`))).toEqual([]);
  });

  it('msgq-types: ipcrm finding no queue after a load that worked means the drain removed it', () => {
    const run = (loadCode: number) => observation({ processes: [proc('load', { exit: { code: loadCode } }), proc('drain'), proc('remove', { exit: { code: 1 } })] });
    expect(causeOf('msgq-types', 'drain-type', run(0))).toEqual(['removed-too-early']);
    expect(causeOf('msgq-types', 'drain-type', run(1))).toEqual([]);
  });
});
