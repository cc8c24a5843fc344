// grader/wording/hang.ts without processes: a stuck test's facts in, the sentences out.
import type { Diagnosis, ProcessDiagnosis, ProcessIdentity } from '../../harness/observe/diagnose.js';
import { blockedOnWords, diagnosisSummary, machineStarvedWords, processName, starvedNote, stepFailureWords, timeoutWords } from '../../grader/wording/hang.js';
import { describeCondition } from '../../grader/wording/conditions.js';
import { terminationReason, timelineText } from '../../grader/wording.js';
import { diagnosisOf, outOfTime, waitGaveUp } from './checks/observations.js';

const server: ProcessIdentity = { pid: 2, label: 'server', program: 'srv' };
const blocked = (who: ProcessIdentity, call: string, on: ProcessDiagnosis['on']): ProcessDiagnosis =>
  ({ pid: who.pid, label: who.label ?? who.program, program: who.program, who, state: 'blocked', call, cpuTicks: 0, on });

describe('who a stuck process is', () => {
  it('names the test\'s own by label, others by program and parent, made safe for words', () => {
    expect(processName(server)).toBe('`server` (pid 2)');
    expect(processName({ pid: 9, program: 'cat', parent: { label: 'main', program: 'sh' } })).toBe('`cat` (pid 9, a child of main)');
    expect(processName({ pid: 9, program: 'c\x1bat', parent: { program: 'x\x07' } })).toBe('`c\\x1bat` (pid 9, a child of x\\x07)');
    expect(processName({ pid: 4, program: 'orphan' })).toBe('`orphan` (pid 4)');
  });
});

describe('what a blocked process waits on', () => {
  it('a FIFO reader holding its own write end waits for the next writer', () => {
    const on = { kind: 'channel' as const, fd: 3, reading: true, channel: 'fifo' as const, target: '/w/server.fifo', holders: [{ who: server, fd: 4, self: true }] };
    expect(blockedOnWords(on)).toBe(' on the FIFO /w/server.fifo whose write end is still open in itself (fd 4), so it waits for the next writer instead of seeing end of file');
  });

  it('a pipe reader: empty, who holds the write end, and when end of file comes', () => {
    const child: ProcessIdentity = { pid: 3, program: 'cat', parent: { label: 'main', program: 'sh' } };
    const on = { kind: 'channel' as const, fd: 0, reading: true, channel: 'pipe' as const, target: 'pipe:[7]', fill: { pending: 0, capacity: 65536 }, holders: [{ who: { pid: 2, label: 'main', program: 'sh' }, fd: 5, self: false }] };
    expect(blockedOnWords(on)).toBe(' on its standard input, a pipe (empty) whose write end is still open in `main` (pid 2) (fd 5) — end of file comes only when every write end is closed');
    expect(diagnosisSummary(diagnosisOf([blocked(child, 'read', on)], { standstill: 'all-blocked' })))
      .toBe('every process is waiting and none can go on: `cat` (pid 3, a child of main) is blocked in read() on its standard input, a pipe (empty) whose write end is still open in `main` (pid 2) (fd 5) — end of file comes only when every write end is closed');
  });

  it('a full pipe nobody reads, a reader only the test can feed', () => {
    expect(blockedOnWords({ kind: 'channel', fd: 1, reading: false, channel: 'pipe', target: 'pipe:[8]', fill: { pending: 65536, capacity: 65536 }, holders: [] }))
      .toBe(' on its standard output, a pipe (full: 65536 bytes) (full: nobody reads it)');
    expect(blockedOnWords({ kind: 'channel', fd: 0, reading: true, channel: 'pipe', target: 'pipe:[9]', fill: { pending: 0, capacity: 65536 }, holders: [] }))
      .toBe(' on its standard input, a pipe (empty) whose write end only the test holds: it waits for the test\'s input');
  });

  it('System V and POSIX objects, by key or name, with what they hold', () => {
    expect(blockedOnWords({ kind: 'msg', send: false, queue: { key: 0x1234, messages: 1 }, type: 2 })).toBe(' on message queue key 0x00001234 (1 message in it), waiting for a message of type 2');
    expect(blockedOnWords({ kind: 'msg', send: true, queue: { id: 5 } })).toBe(' on message queue id 5: the queue is full');
    expect(blockedOnWords({ kind: 'sem', set: { key: 0x5eed, values: [0], waitingForIncrease: [1] } })).toBe(' on semaphore set key 0x00005eed (values 0; waiting: 1)');
    expect(blockedOnWords({ kind: 'posix-mq', send: true, queue: { name: '/q', messages: 1, maxMessages: 1 } })).toBe(' on the POSIX message queue /q (1 of at most 1 messages): it is full');
    expect(blockedOnWords({ kind: 'futex', object: { kind: 'sem', name: '/s' } })).toBe(' on the POSIX named semaphore /s (sem_wait)');
    expect(blockedOnWords({ kind: 'futex', object: { kind: 'file', path: '/dev/zero' } })).toBe(' on a semaphore or mutex in the shared mapping of /dev/zero (sem_wait)');
    expect(blockedOnWords({ kind: 'futex' })).toBe(' (a POSIX semaphore or a mutex: sem_wait)');
    expect(blockedOnWords({ kind: 'fifo-open' })).toBe(' opening a FIFO: it waits for the other end to be opened');
  });
});

describe('the whole picture', () => {
  it('a deadlock names the cycle first', () => {
    const main: ProcessIdentity = { pid: 2, label: 'main', program: 'sh' };
    const cat: ProcessIdentity = { pid: 3, program: 'cat', parent: { label: 'main', program: 'sh' } };
    const d = diagnosisOf([blocked(main, 'read', { kind: 'other' }), blocked(cat, 'read', { kind: 'other' })], { standstill: 'deadlock', cycle: [{ who: main, waitsFor: cat }, { who: cat, waitsFor: main }] });
    expect(diagnosisSummary(d)).toBe('deadlock: `main` (pid 2) waits for `cat` (pid 3, a child of main); `cat` (pid 3, a child of main) waits for `main` (pid 2). `main` (pid 2) is blocked in read(); `cat` (pid 3, a child of main) is blocked in read()');
    expect(diagnosisSummary(diagnosisOf([], { standstill: 'none-left' }))).toBe('no process of the test was left');
  });

  it('tells a busy loop from a process starved by the machine or by the test itself', () => {
    const running = (kind: 'busy' | 'starved' | 'unclear'): ProcessDiagnosis => ({ pid: 2, label: 'server', program: 'srv', who: server, state: kind === 'starved' ? 'starved' : 'running', cpuTicks: 300, cpu: { kind, cpuS: kind === 'busy' ? 2.9 : 0.1, windowS: 3, delayS: 2.8 } });
    expect(diagnosisSummary(diagnosisOf([running('busy')]))).toBe('`server` (pid 2) is running, not waiting for anything (it used 2.9 s of CPU in 3.0 s): a busy loop?');
    const byMachine: Diagnosis = diagnosisOf([running('starved')], { machineStarved: true });
    expect(machineStarvedWords(byMachine)).toBe('`server` (pid 2) was ready to run but the machine was too busy to give it a CPU (it waited 2.8 s of 3.0 s for one, and ran 0.1 s)');
    const bySelf = diagnosisOf([running('starved')], { testCpuS: 5.9 });
    expect(machineStarvedWords(bySelf)).toBeUndefined();
    expect(diagnosisSummary(bySelf)).toBe('`server` (pid 2) was ready to run but waited for a CPU (it waited 2.8 s of 3.0 s for one, and ran 0.1 s); the test\'s own processes used 5.9 s of CPU in that time');
    expect(diagnosisSummary(diagnosisOf([{ ...running('busy'), cpu: undefined }]))).toBe('`server` (pid 2) is running, not waiting for anything (it has used 3.0 s of CPU)');
  });
});

describe('how long the test waited, and for what', () => {
  it('a wait that did not happen, with the CPU time it was credited', () => {
    expect(stepFailureWords({ ...waitGaveUp(1, { output: { stream: 'server', line: 'ready' } }, 5150).failure }))
      .toBe('the test waited 5.2 s for `server` to print the line "ready", which did not happen');
    const credited = { kind: 'wait' as const, condition: { exited: 'drain' }, waitedMs: 3100, credit: { creditMs: 2700, stallMs: 2500 } };
    expect(stepFailureWords(credited)).toBe('the test waited 3.1 s for `drain` to exit, which did not happen (not counting 0.2 s its processes waited for a CPU and 2.5 s the grader itself could not run)');
    expect(stepFailureWords({ ...credited, hangQuietMs: 600 })).toBe('the test waited 3.1 s for `drain` to exit, which cannot happen any more: every process of the test was blocked, with no output, no exit and no CPU used for 0.6 s');
    expect(starvedNote({ creditMs: 99, stallMs: 0 })).toBe('');
    // the test's own deadline ended the wait: how long the test had run, not only the wait
    const ended = { ...credited, waitedMs: 120, testEnded: { elapsedMs: 14200, limitMs: 10000, credit: { creditMs: 4200, stallMs: 0 } } };
    expect(stepFailureWords(ended)).toBe('the test ran out of time while it waited for `drain` to exit: it had run 14.2 s in all, past its limit of 10 s (not counting 4.2 s its processes waited for a CPU), and this wait had lasted 0.1 s');
  });

  it('a step that could not be carried out, and the test\'s own timeout or hang', () => {
    expect(stepFailureWords({ kind: 'template', error: 'unknown variable ${pid:x}' })).toBe('the test could not carry out one of its steps: unknown variable ${pid:x}');
    expect(stepFailureWords({ kind: 'start', processes: ['a', 'b'], error: 'bad' })).toBe('the test could not start a, b: bad');
    expect(timeoutWords(outOfTime(600, ['main', 'client[1]']))).toBe('the test did not finish within 0.6 s: `main`, `client[1]` still running');
    expect(timeoutWords({ ...outOfTime(2000), hang: { quietMs: 700 } })).toBe('the test could not finish: every process still running was blocked, with no output, no exit and no CPU used for 0.7 s: `main` still running');
    expect(terminationReason(waitGaveUp(1, { all: [{ exited: 'a' }, { fifo: '/w/f' }] }, 1000))).toBe('the test waited 1.0 s for `a` to exit and a FIFO at /w/f, which did not happen');
  });

  it('words a timeout on the timeline from the termination, and leaves other events as they are', () => {
    const obs = { termination: outOfTime(1000) };
    expect(timelineText({ ms: 1, kind: 'timeout' }, obs)).toBe('the test did not finish within 1 s: `main` still running');
    expect(timelineText({ ms: 1, kind: 'timeout' }, {})).toBe('');
    expect(timelineText({ ms: 1, kind: 'step', process: 'main', close: true }, obs)).toBe('the test closed standard input');
    expect(describeCondition({ blocked: { process: 'child of main', call: 'read' } })).toBe('the child of `main` to block in read()');
  });
});
