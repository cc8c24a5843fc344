// The strace parser, on output recorded from real programs (test/fixtures/trace/, recorded with
// the init's options: strace -f -q -ttt -y -s 2 -e signal=all -e trace=…) and on hostile lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromExec, parseTrace, unescape, type TraceCall, type TraceEvent } from '../../harness/observe/trace.js';

const fixture = (name: string) => readFileSync(join('test', 'fixtures', 'trace', `${name}.txt`), 'latin1');
const calls = (ev: TraceEvent[], name: string) => ev.filter((e): e is TraceCall => e.kind === 'call' && e.call === name);

describe('parseTrace', () => {
  it('reads a pipe between two processes: pipe2 fds, a write and the reads by pid and inode, exits', () => {
    const { events, malformed } = parseTrace(fixture('pipe'));
    expect(malformed).toBe(0);
    const [pipe] = calls(events, 'pipe2');
    expect(pipe.fds.map((f) => [f.fd, f.pipe])).toEqual([[3, 386742], [4, 386742]]);
    const [write] = calls(events, 'write').filter((w) => w.fds[0].pipe === 386742);
    expect(write).toMatchObject({ pid: 23980, bytes: 5, retValue: 5 });
    expect(write.endMs! - write.tMs).toBeCloseTo(0.096, 3); // unfinished, then resumed
    const reads = calls(events, 'read').filter((r) => r.fds[0]?.pipe === 386742);
    expect(reads.map((r) => [r.pid, r.bytes])).toEqual([[23981, 5], [23981, 0]]);
    expect(events.filter((e) => e.kind === 'exit')).toEqual([
      expect.objectContaining({ pid: 23981, code: 0 }), expect.objectContaining({ pid: 23980, code: 0 }),
    ]);
  });

  it('merges an unfinished call with its resumed line across interleaved processes', () => {
    const { events } = parseTrace(fixture('pipe'));
    const [dup2] = calls(events, 'dup2');
    expect(dup2).toMatchObject({ pid: 23981, args: ['3<pipe:[386742]>', '0</dev/null>'], retValue: 0 });
    expect(dup2.fds).toEqual([
      { arg: 0, fd: 3, target: 'pipe:[386742]', pipe: 386742 }, { arg: 1, fd: 0, target: '/dev/null' },
      { arg: -1, fd: 0, target: 'pipe:[386742]', pipe: 386742 },
    ]);
    const clone = calls(events, 'clone')[0];
    expect(clone.args).toEqual(['child_stack=NULL', 'flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD', 'child_tidptr=0x7f9024ce9a10']);
    const wait = calls(events, 'wait4')[0];
    expect(wait).toMatchObject({ pid: 23980, args: ['23981', 'NULL', '0', 'NULL'], retValue: 23981 });
    expect(events.some((e) => e.kind === 'call' && e.unfinished)).toBe(false);
  });

  it('reads failed calls with their errno and execve paths', () => {
    const { events } = parseTrace(fixture('pipe'));
    const execs = calls(events, 'execve').filter((e) => e.pid === 23981);
    expect(execs[0]).toMatchObject({ errno: 'ENOENT', retValue: -1, path: '/root/.cargo/bin/cat' });
    expect(execs.at(-1)).toMatchObject({ path: '/usr/bin/cat', retValue: 0 });
    expect(execs.at(-1)!.errno).toBeUndefined();
  });

  it('reads msgsnd and msgrcv with queue and message type', () => {
    const { events, malformed } = parseTrace(fixture('msg'));
    expect(malformed).toBe(0);
    const snd = calls(events, 'msgsnd');
    expect(snd.map((c) => [c.pid, c.args[0], c.args[1]])).toContainEqual([23986, '32768', '{mtype=23986, mtext="re"...}']);
    const rcv = calls(events, 'msgrcv').filter((c) => c.pid === 23986);
    expect(rcv[0]).toMatchObject({ args: ['32768', '{mtype=123986, mtext="ok"...}', '8', '123986', '0'], retValue: 3 });
  });

  it('reads signal deliveries and deaths by a signal', () => {
    const { events, malformed } = parseTrace(fixture('signal'));
    expect(malformed).toBe(0);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'signal', pid: 23991, signal: 'SIGUSR1' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'exit', pid: 23992, signal: 'SIGKILL' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'exit', pid: 23991, code: 3 }));
    expect(calls(events, 'kill').map((k) => k.args)).toEqual([['23991', 'SIGUSR1'], ['23992', 'SIGKILL']]);
  });

  it('is not fooled by a path that holds ") = 0", a newline and a forged line', () => {
    const { events, malformed } = parseTrace(fixture('evil'));
    expect(malformed).toBe(0);
    const name = 'x) = 0\n12 1.0 write(1<pipe:[9]>, "", 3) = 3\n>y';
    const [open] = calls(events, 'openat').filter((o) => o.path === name);
    expect(open.retValue).toBe(3);
    expect(open.fds).toContainEqual({ arg: -1, fd: 3, target: `/tmp/wt-trace/exp/${name}` });
    const [write] = calls(events, 'write');
    expect(write).toMatchObject({ bytes: 3, fds: [{ arg: 0, fd: 3, target: `/tmp/wt-trace/exp/${name}` }] });
    expect(calls(events, 'unlink')[0].path).toBe(name);
    expect(events.some((e) => e.kind === 'call' && e.fds.some((f) => f.pipe === 9))).toBe(false);
  });

  it('counts lines that are not strace\'s, and a cut line, as malformed, never as events', () => {
    const text = [
      '12 1796191388.1 write(1, "", 3) = 3', // bad stamp
      'hello world',
      '12 1796191388.100000 write(1<pipe:[5]>, "ab"..., 3', // cut
      '12 1796191388.100000 write(1<pipe:[5]>, "a) = 3', // unterminated string
      '12 1796191388.100000 <... read resumed>) = 3', // no read pending
      '12 1796191388.100000 write(1<pipe:[5]>, "ab"..., 3) = 3',
    ].join('\n');
    const { events, malformed } = parseTrace(text);
    expect(malformed).toBe(5);
    expect(events).toHaveLength(1);
  });

  it('marks a call that never resumed as unfinished', () => {
    const { events } = parseTrace('7 1796191388.100000 msgrcv(3,  <unfinished ...>\n7 1796191388.200000 +++ killed by SIGTERM +++\n');
    expect(events[0]).toMatchObject({ kind: 'call', call: 'msgrcv', unfinished: true });
    expect(events[0]).not.toHaveProperty('ret');
    expect(events[1]).toMatchObject({ kind: 'exit', signal: 'SIGTERM' });
  });

  it('maps strace\'s realtime stamps onto the run\'s clock', () => {
    const { events } = parseTrace('7 100.000250 +++ exited with 0 +++\n', { offsetNs: 50_000_000_000n, t0: 149_000_000_000n });
    expect(events[0].tMs).toBeCloseTo(1000.25, 6);
  });

  it('unescapes strace\'s C escapes byte-exactly', () => {
    expect(unescape('a\\n\\t\\"\\\\\\74\\x41\\303\\251')).toBe('a\n\t"\\<Aé');
  });

  it('drops what the spawned process did before its own exec (the init\'s preparation)', () => {
    const text = [
      '2 1.000000 --- stopped by SIGSTOP ---',
      '2 1.000100 --- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=1, si_uid=0} ---',
      '2 1.000200 execve("/usr/local/bin/x", ["x"], 0x1 /* 4 vars */) = -1 ENOENT (No such file or directory)',
      '2 1.000300 execve("/usr/bin/x", ["x"], 0x1 /* 4 vars */) = 0',
      '2 1.000400 exit_group(0)                 = ?',
      '2 1.000500 +++ exited with 0 +++',
    ].join('\n');
    const kept = fromExec(parseTrace(text).events, 2);
    expect(kept.map((e) => (e.kind === 'call' ? e.call : e.kind))).toEqual(['execve', 'exit_group', 'exit']);
  });

  it('drops each spawned process\'s preparation when one strace holds several of them', () => {
    const text = [
      '2 1.000000 --- stopped by SIGSTOP ---',
      '3 1.000010 --- stopped by SIGSTOP ---',
      '3 1.000100 --- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=1, si_uid=0} ---',
      '2 1.000110 --- SIGCONT {si_signo=SIGCONT, si_code=SI_USER, si_pid=1, si_uid=0} ---',
      '3 1.000200 execve("/usr/bin/y", ["y"], 0x1 /* 4 vars */) = 0',
      '2 1.000300 execve("/usr/bin/x", ["x"], 0x1 /* 4 vars */) = 0',
      '3 1.000400 exit_group(0)                 = ?',
      '2 1.000500 exit_group(1)                 = ?',
    ].join('\n');
    const kept = fromExec(parseTrace(text).events, [2, 3]);
    expect(kept.map((e) => `${e.pid} ${e.kind === 'call' ? e.call : e.kind}`)).toEqual(['3 execve', '2 execve', '3 exit_group', '2 exit_group']);
  });
});
