// Hand-made Sequences of two real cases, as grader/sequence.ts would build them from a traced run:
// pipe-copy's mechanism test (main → its child through the pipe → the test's stdout) and
// msgq-ping-pong's crossed-replies failure (the server's reply for `first` is received by `second`).
import type { Sequence, TestResult } from '../../../grader/model.js';

const CHILD = 'main/1';

export function pipeCopySequence(): Sequence {
  return {
    traced: true,
    endMs: 48.6,
    lanes: [
      { id: 'main', label: 'main', startMs: 1.2, endMs: 47.9, stopped: [], exit: { code: 0, expected: true } },
      { id: CHILD, label: '`pipe_copy`, child of `main`', parent: 'main', startMs: 2.9, endMs: 47.1, stopped: [], exit: { code: 0 } },
    ],
    arrows: [
      { kind: 'stdin', from: 'test', to: 'main', startMs: 1.6, endMs: 2.4, label: '17 bytes', detail: 'read(0, "through the pipe\\n", 65536) = 17' },
      { kind: 'pipe', from: 'main', to: CHILD, startMs: 2.6, endMs: 3.4, label: '17 bytes', detail: 'write(4, "through the pipe\\n", 17) = 17 in `main`\nread(3, "through the pipe\\n", 4096) = 17 in the child' },
      { kind: 'stdout', from: CHILD, to: 'test', startMs: 3.6, endMs: 3.9, label: '17 bytes', detail: 'write(1, "through the pipe\\n", 17) = 17' },
      { kind: 'stdin', from: 'test', to: 'main', startMs: 31.2, endMs: 31.5, label: '13 bytes', detail: 'read(0, "and the rest\\n", 65536) = 13' },
      { kind: 'pipe', from: 'main', to: CHILD, startMs: 31.7, endMs: 32.4, label: '13 bytes', detail: 'write(4, "and the rest\\n", 13) = 13 in `main`\nread(3, "and the rest\\n", 4096) = 13 in the child' },
      { kind: 'stdout', from: CHILD, to: 'test', startMs: 32.6, endMs: 32.8, label: '13 bytes', detail: 'write(1, "and the rest\\n", 13) = 13' },
    ],
    marks: [
      { lane: 'main', ms: 2.5, kind: 'call', label: 'fork() = child', detail: 'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD) = 4243' },
      { lane: CHILD, ms: 3.9, kind: 'output', label: 'stdout: through the pipe' },
      { lane: 'main', ms: 20.4, kind: 'sample', label: 'sample mid: main holds the write end, its child the read end' },
      { lane: CHILD, ms: 32.8, kind: 'output', label: 'stdout: and the rest' },
      { lane: 'main', ms: 46.8, kind: 'call', label: 'waitpid(child) = exit 0', detail: 'wait4(4243, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 4243' },
    ],
    objects: [{ label: 'pipe (main fd 4 → child fd 3)', startMs: 2.5, endMs: 47.1, leftover: false }],
  };
}

export function crossedRepliesSequence(): Sequence {
  const sig = (to: string, ms: number, name: string) => ({ kind: 'signal' as const, from: 'test', to, startMs: ms, endMs: ms, label: name, detail: `kill(${to}, ${name}) from the test's script` });
  return {
    traced: true,
    endMs: 71.3,
    lanes: [
      { id: 'server', label: 'server', startMs: 0.8, endMs: 58.2, stopped: [[6.1, 30.0]], exit: { code: 0, expected: true } },
      { id: 'first', label: 'first', startMs: 8.3, endMs: 70.6, stopped: [[24.9, 62.4]], exit: { code: 0, expected: true } },
      { id: 'second', label: 'second', startMs: 14.2, endMs: 55.1, stopped: [[25.3, 51.0]], exit: { code: 0, expected: true } },
    ],
    arrows: [
      sig('server', 6.1, 'SIGSTOP'),
      { kind: 'message', from: 'first', to: 'server', startMs: 9.0, endMs: 30.4, label: 'type 1', detail: 'msgsnd(32769, {1, "4242 alpha"}, 10, 0) = 0 in `first`\nmsgrcv(32769, {1, "4242 alpha"}, 512, 1, 0) = 10 in `server`' },
      { kind: 'message', from: 'second', to: 'server', startMs: 14.9, endMs: 31.0, label: 'type 1', detail: 'msgsnd(32769, {1, "4243 beta"}, 9, 0) = 0 in `second`\nmsgrcv(32769, {1, "4243 beta"}, 512, 1, 0) = 9 in `server`' },
      sig('first', 24.9, 'SIGSTOP'),
      sig('second', 25.3, 'SIGSTOP'),
      sig('server', 30.0, 'SIGCONT'),
      { kind: 'message', from: 'server', to: 'second', startMs: 30.7, endMs: 51.4, label: 'type 4242', detail: 'msgsnd(32769, {4242, "alpha"}, 5, 0) = 0 in `server` (the reply for `first`, pid 4242)\nmsgrcv(32769, {4242, "alpha"}, 512, 0, 0) = 5 in `second` (pid 4243)' },
      { kind: 'message', from: 'server', to: 'first', startMs: 31.3, endMs: 62.8, label: 'type 4243', detail: 'msgsnd(32769, {4243, "beta"}, 4, 0) = 0 in `server` (the reply for `second`, pid 4243)\nmsgrcv(32769, {4243, "beta"}, 512, 0, 0) = 4 in `first` (pid 4242)' },
      sig('second', 51.0, 'SIGCONT'),
      { kind: 'stdout', from: 'second', to: 'test', startMs: 51.8, endMs: 52.0, label: '18 bytes', detail: 'write(1, "I received: alpha\\n", 18) = 18' },
      sig('first', 62.4, 'SIGCONT'),
      { kind: 'stdout', from: 'first', to: 'test', startMs: 63.1, endMs: 63.3, label: '17 bytes', detail: 'write(1, "I received: beta\\n", 17) = 17' },
    ],
    marks: [
      { lane: 'server', ms: 1.1, kind: 'ipc', label: 'msgget(0x1234, IPC_CREAT|0600) = 32769' },
      { lane: 'server', ms: 2.0, kind: 'output', label: 'stdout: ready' },
      { lane: 'first', ms: 9.2, kind: 'call', label: 'msgrcv(32769, type 0): waits', detail: 'msgrcv(32769, 0x7ffc…, 512, 0, 0) <unfinished …>' },
      { lane: 'second', ms: 15.1, kind: 'call', label: 'msgrcv(32769, type 0): waits', detail: 'msgrcv(32769, 0x7ffc…, 512, 0, 0) <unfinished …>' },
      { lane: 'server', ms: 31.6, kind: 'output', label: 'stdout: server: 4243 beta' },
      { lane: 'second', ms: 52.0, kind: 'output', label: 'stdout: I received: alpha', detail: 'expected "I received: beta": `second` got the reply for `first`', bad: true },
      { lane: 'server', ms: 58.0, kind: 'ipc', label: 'msgctl(32769, IPC_RMID) = 0' },
      { lane: 'first', ms: 63.3, kind: 'output', label: 'stdout: I received: beta', detail: 'expected "I received: alpha"', bad: true },
    ],
    objects: [{ label: 'message queue 0x1234 (id 32769)', startMs: 1.1, endMs: 58.0, leftover: false }],
  };
}

/** A failed result around a sequence, as grader/score.ts would give it. */
export function withSequence(name: string, sequence: Sequence, over: Partial<TestResult> = {}): Partial<TestResult> & { name: string } {
  return { name, status: 'failed', reason: 'the output of `second` is not what was expected', sequence, processes: sequence.lanes.map((l) => ({ label: l.label, argv: [l.label] })), ...over };
}
