// The `trace` check kind over hand-made traced Observations (strace's text, parsed as a run does).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../../../harness/observe/trace.js';
import type { Observation } from '../../../harness/run/observation.js';
import { checkTrace } from '../../../grader/checks/trace.js';
import type { TraceCheck } from '../../../harness/spec/types.js';
import { context, inventory, proc, stream } from './observations.js';
import { errorsOf } from '../../harness/spec-errors.js';

const events = (...lines: string[]) => parseTrace(lines.join('\n')).events;

/** main (pid 10) makes a pipe, forks 11, writes "hello" into it; 11 copies it to stdout (pipe 50, the init's `main` stream). */
const PIPE_COPY = [
  '10 1.000000 pipe2([3<pipe:[7]>, 4<pipe:[7]>], 0) = 0',
  '10 1.000100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 11',
  '10 1.000200 write(4<pipe:[7]>, "he"..., 5) = 5',
  '11 1.000300 read(0<pipe:[7]>, "he"..., 4096) = 5',
  '11 1.000400 write(1<pipe:[50]>, "he"..., 5) = 5',
];

function traced(lines: string[], over: Partial<Observation> = {}) {
  return context({
    processes: [proc('main', { pid: 10 })],
    streams: { main: stream('hello') },
    streamIds: { main: 0 },
    final: inventory({ streams: [{ id: 0, role: 'out', dev: 1, inode: 50 }] }),
    trace: events(...lines),
    ...over,
  }, { main: {} });
}

const run = (c: TraceCheck, ctx: ReturnType<typeof traced>) => checkTrace(c, ctx)[0];

describe('trace: stdout_from', () => {
  const c: TraceCheck = { stdout_from: 'child of main', stream: 'main' };

  it('passes when the child the trace saw fork wrote every byte', () => {
    expect(run(c, traced(PIPE_COPY))).toMatchObject({ passed: true });
  });

  it('names the parent when it wrote the stream itself', () => {
    const f = run(c, traced([...PIPE_COPY.slice(0, 2), '10 1.000500 write(1<pipe:[50]>, "he"..., 5) = 5']));
    expect(f.passed).toBe(false);
    expect(f.rationale).toContain('`main` wrote 5 bytes of the 5 bytes of `main`, not the child of `main`');
  });

  it('fails, never passes, when bytes of the stream came from no traced write', () => {
    const f = run(c, traced(PIPE_COPY, { streams: { main: stream('hello, world') } }));
    expect(f.passed).toBe(false);
    expect(f.rationale).toMatch(/^7 bytes of the 12 bytes of `main` came from no write the trace saw/);
    const uring = run(c, traced([...PIPE_COPY, '11 1.000500 io_uring_setup(8, 0x7ff) = 5'], { streams: { main: stream('hello, world') } }));
    expect(uring.rationale).toContain('io_uring_setup');
  });

  it('fails when the trace is missing, cut short or unavailable', () => {
    expect(run(c, traced(PIPE_COPY, { trace: undefined })).rationale).toMatch(/not traced/);
    expect(run(c, traced(PIPE_COPY, { traceTruncated: true })).rationale).toMatch(/cut short/);
    expect(run(c, traced(PIPE_COPY, { traceUnavailable: 'main: no trace came' })).rationale).toMatch(/could not be traced \(main: no trace came\)/);
  });

  it('fails when the stream is empty: nothing shows who writes it', () => {
    expect(run(c, traced(PIPE_COPY.slice(0, 4), { streams: { main: stream('') } })).rationale).toMatch(/received no bytes/);
  });
});

describe('trace: message_types', () => {
  const ctx = (types: [number, number]) => context({
    processes: [proc('client', { pid: 20 }), proc('client', { instance: 1, label: 'client 2', pid: 21 })],
    trace: events(`20 1.000000 msgrcv(5, {mtype=${types[0]}, mtext="ok"...}, 8, 0, 0) = 3`, `21 1.100000 msgrcv(5, {mtype=${types[1]}, mtext="ok"...}, 8, 0, 0) = 3`),
  }, { client: {} });
  const c: TraceCheck = { message_types: 'own_pid', process: 'client' };

  it('passes when each client received only its own pid\'s type', () => {
    expect(checkTrace(c, ctx([20, 21]))[0].passed).toBe(true);
  });

  it('names the client that received the other\'s reply', () => {
    const f = checkTrace(c, ctx([21, 20]))[0];
    expect(f.passed).toBe(false);
    expect(f.rationale).toContain('`client` received a message of type 21, the pid of `client 2`');
    expect(f.rationale).toContain('`client 2` received a message of type 20, the pid of `client`');
  });

  it('fails when the client received nothing', () => {
    const f = checkTrace(c, context({ processes: [proc('client', { pid: 20 })], trace: events('20 1.000000 getpid() = 20') }, { client: {} }))[0];
    expect(f.rationale).toBe('`client` received no message');
  });
});

describe('trace: pipe', () => {
  const c: TraceCheck = { pipe: { from: 'main', to: 'child of main' } };

  it('passes when bytes went from main to its child through a pipe', () => {
    expect(run(c, traced(PIPE_COPY))).toMatchObject({ passed: true });
  });

  it('says who read the bytes when it was not the child', () => {
    const f = run(c, traced([...PIPE_COPY.slice(0, 3), '10 1.000300 read(3<pipe:[7]>, "he"..., 4096) = 5']));
    expect(f.rationale).toBe('the bytes `main` wrote into a pipe were read by `main`, not the child of `main` (`main` (pid 11, the child of `main`))');
  });

  it('says when main wrote into no pipe (the test\'s own stream does not count)', () => {
    const f = run(c, traced([PIPE_COPY[1], '10 1.000200 write(1<pipe:[50]>, "he"..., 5) = 5']));
    expect(f.rationale).toBe('`main` wrote into no pipe (besides the test\'s own streams)');
  });
});

describe('trace checks at load time', () => {
  it('a trace check needs trace: true and exactly one question', () => {
    expect(errorsOf('untraced-trace-check.yaml')).toEqual([
      expect.stringMatching(/tests\[0\]\.checks\[0\]\.trace: a `trace:` check needs the test \(or the exercise\) to say `trace: true`$/),
      expect.stringMatching(/tests\[0\]\.checks\[1\]\.trace: a `trace:` check needs the test/),
    ]);
  });
});

describe('trace checks on recorded traces (test/fixtures/trace/)', () => {
  const recorded = (name: string) => parseTrace(readFileSync(join('test', 'fixtures', 'trace', `${name}.txt`), 'latin1')).events;

  it('pipe.txt: the bytes went from the parent to its exec\'d `cat` child through the pipe', () => {
    const ctx = context({ processes: [proc('main', { pid: 23980 })], trace: recorded('pipe') }, { main: {} });
    expect(checkTrace({ pipe: { from: 'main', to: 'child of main' } }, ctx)[0]).toMatchObject({ passed: true });
    expect(checkTrace({ pipe: { from: 'main', to: 'cat child of main' } }, ctx)[0]).toMatchObject({ passed: true });
    expect(checkTrace({ pipe: { from: 'child of main', to: 'main' } }, ctx)[0].rationale).toMatch(/wrote into no pipe/);
  });

  it('msg.txt: the server gets its clients\' pids as types, the clients get pid + 100000, not their own pid', () => {
    const ctx = context({ processes: [proc('server', { pid: 23985 })], trace: recorded('msg') }, { server: {} });
    const f = checkTrace({ message_types: 'own_pid', process: 'child of server' }, ctx)[0];
    expect(f.passed).toBe(false);
    expect(f.rationale).toContain('(pid 23986, the child of `server`) received a message of type 123986');
    const server = checkTrace({ message_types: 'own_pid', process: 'server' }, ctx)[0];
    expect(server.rationale).toMatch(/^`server` received a message of type 23986, the pid of `\S+` \(pid 23986, the child of `server`\)/);
  });
});
