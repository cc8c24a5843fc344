// The sentences a student reads about exits, signals, object kinds and ipclab's own faults: each
// pinned byte for byte (a restructuring must not change them), and each typed in one place only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { describePosix, describeSysv } from '../../grader/wording/objects.js';
import {
  COULD_NOT_FINISH, COULD_NOT_FINISH_NOT_YOURS, COULD_NOT_RUN_TEST, INTERNAL_ERROR, POSIX_CHECK_KINDS, SIGNALS, SYSV_KINDS,
  actualEnd, couldNotBeRun, couldNotRunTest, harnessErrorWords, machineTooBusy, endTitle, expectedEnd, neverStarted, notYourFault, signalHints, stoppedByHarness, terminationReason,
} from '../../grader/wording.js';

describe("ipclab's own faults", () => {
  it('says "not your fault" the same way everywhere', () => {
    expect(notYourFault('x')).toBe('x (not your fault)');
    expect(COULD_NOT_FINISH).toBe('ipclab could not finish grading');
    expect(COULD_NOT_FINISH_NOT_YOURS).toBe('ipclab could not finish grading (not your fault)');
    expect(COULD_NOT_RUN_TEST).toBe('ipclab could not run this test (not your fault)');
    expect(couldNotRunTest('the init died')).toBe('ipclab could not run this test (not your fault): the init died');
    expect(couldNotBeRun(2)).toBe('2 could not be run (not your fault)');
    expect(INTERNAL_ERROR).toBe('ipclab hit an internal error (not your fault)');
    expect(machineTooBusy('the test waited 5.0 s', '`server` was starved')).toBe('the machine grading this was too busy to run the test in time (not your fault): the test waited 5.0 s; `server` was starved');
  });

  it("words each of the harness's own errors from its code", () => {
    expect(harnessErrorWords({ code: 'init-start', message: 'spawn EACCES' })).toBe('cannot start the process supervisor: spawn EACCES');
    expect(harnessErrorWords({ code: 'init', message: 'clone: EPERM' })).toBe('clone: EPERM');
    expect(harnessErrorWords({ code: 'init-exited' })).toBe('the process supervisor exited unexpectedly');
    expect(harnessErrorWords({ code: 'internal', message: 'boom' })).toBe('boom');
    expect(harnessErrorWords({ code: 'teardown', message: 'EBUSY' })).toBe('teardown: EBUSY');
  });
});

describe('signals', () => {
  it('gives each known signal its meaning after the name, and nothing for others', () => {
    expect(Object.keys(SIGNALS).map((s) => actualEnd({ signal: s }))).toEqual([
      'was killed by SIGPIPE (it wrote to a pipe that nobody reads any more)',
      'was killed by SIGSEGV (a segmentation fault: an invalid memory access)',
      'was killed by SIGBUS (a bus error: e.g. touching a mapping past the end of its file)',
      'was killed by SIGABRT (abort(), often a failed assert or a corrupted heap)',
      'was killed by SIGXCPU (it used up its CPU time limit)',
    ]);
    expect(actualEnd({ signal: 'SIGTERM' })).toBe('was killed by SIGTERM');
    expect(actualEnd({ code: 3 })).toBe('exited with status 3');
  });

  it('offers the general hints of grader/hints.yaml for SIGPIPE, SIGSEGV and SIGBUS, in that order', () => {
    expect(signalHints()).toEqual([
      { when: { signal: { signal: 'SIGPIPE' } }, text: 'a process wrote to a pipe or FIFO whose reader had gone; ignore SIGPIPE (signal(SIGPIPE, SIG_IGN)) and handle EPIPE where the contract expects the program to go on', cause: 'killed-by-sigpipe' },
      { when: { signal: { signal: 'SIGSEGV' } }, text: 'a segmentation fault: check pointers from shmat()/mmap() (they fail with (void *)-1, not NULL), buffer sizes, and strings without a terminating NUL', cause: 'segfault' },
      { when: { signal: { signal: 'SIGBUS' } }, text: 'a bus error usually means touching a file mapping beyond the end of the file: ftruncate() the file to the size you map first', cause: 'bus-error' },
    ]);
    expect(readFileSync(join(packageRoot(), 'grader', 'hints.yaml'), 'utf8')).not.toMatch(/signal:/);
  });
});

describe('exits', () => {
  it('words what is expected and what happened', () => {
    expect(expectedEnd({ signal: 'SIGTERM' })).toBe('to be killed by SIGTERM');
    expect(expectedEnd({ code: 0 })).toBe('to exit with status 0');
    expect(endTitle({ signal: 'SIGINT' })).toBe('is killed by SIGINT');
    expect(endTitle({ code: 1 })).toBe('exits with status 1');
    expect(neverStarted('client[2]')).toBe('`client[2]` was never started (an earlier step failed)');
    expect(stoppedByHarness('server', 'timeout')).toBe('`server` did not exit by itself: the harness stopped it (timeout)');
  });
});

describe('limits and timeouts', () => {
  it('words a limit the harness recorded as facts, and keeps a timeout\'s own account of what it waited for', () => {
    expect(terminationReason({ reason: 'output-limit', stream: 'main', limitBytes: 65536 })).toBe('output limit exceeded: stream `main` produced more than 65536 bytes');
    expect(terminationReason({ reason: 'disk-limit', limitBytes: 16 * 2 ** 20, path: '/dev/shm', workDir: false })).toBe('disk limit exceeded: your program filled the 16 MiB it may write (in /dev/shm)');
    expect(terminationReason({ reason: 'disk-limit', limitBytes: 2 ** 28, path: '/tmp/ipclab-run-x', workDir: true })).toBe('disk limit exceeded: your program filled the 256 MiB it may write (in its working directory)');
    expect(terminationReason({ reason: 'memory-limit', limitBytes: 32 * 2 ** 20, kills: 1 })).toBe("memory limit exceeded: the test's processes used more than the 32 MiB of memory they may use together, so the kernel killed one of them");
    expect(terminationReason({ reason: 'memory-limit', limitBytes: 2 ** 30, kills: 3 })).toBe("memory limit exceeded: the test's processes used more than the 1 GiB of memory they may use together, so the kernel killed 3 of them");
    expect(terminationReason({ reason: 'timeout', timeoutMs: 2000, stillRunning: ['main'], credit: { creditMs: 0, stallMs: 0 } })).toBe('the test did not finish within 2 s: `main` still running');
  });
});

describe('object kinds', () => {
  it('names System V and POSIX kinds in checks and in descriptions', () => {
    expect(SYSV_KINDS).toEqual({ msg: 'message queue', sem: 'semaphore set', shm: 'shared memory segment' });
    expect(POSIX_CHECK_KINDS).toEqual({ mq: 'message queue', sem: 'semaphore', shm: 'shared memory object' });
    expect(describeSysv({ kind: 'shm', key: 0x1234, id: 7 })).toBe('shared memory segment key 0x00001234 (id 7)');
    expect(describePosix({ kind: 'sem', name: '/s' })).toBe('POSIX named semaphore /s');
    expect(describePosix({ kind: 'mq', name: '/q' })).toBe('POSIX message queue /q');
  });
});

/** ipclab's own .ts sources, relative to its root. */
function sources(rel: string): string[] {
  const abs = join(packageRoot(), rel);
  if (!statSync(abs).isDirectory()) return rel.endsWith('.ts') ? [rel] : [];
  return readdirSync(abs).flatMap((name) => sources(join(rel, name)));
}

describe('one home', () => {
  const files = ['bin', 'grader', 'harness', 'kits'].flatMap(sources);
  const count = (literal: string) => files.flatMap((f) => {
    const n = readFileSync(join(packageRoot(), f), 'utf8').split(literal).length - 1;
    return n ? [[f, n]] : [];
  });

  it('types "(not your fault)" once, in grader/wording.ts', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(count('(not your fault)`')).toEqual([['grader/wording.ts', 1]]);
    expect(count('not your fault')).toEqual([['grader/wording.ts', 2]]); // the sentence and the comment showing it
  });

  it('names each System V kind once, in harness/observe/kinds.ts', () => {
    for (const name of ['semaphore set', 'shared memory segment']) expect(count(`'${name}'`)).toEqual([['harness/observe/kinds.ts', 1]]);
    // and a message queue once per family: System V there, POSIX as a check says it here
    expect(count("'message queue'")).toEqual([['grader/wording.ts', 1], ['harness/observe/kinds.ts', 1]]);
  });

  it('addresses no sentence to the student from harness/: it records facts, the grader words them', () => {
    // harness/spec/ speaks to instructors about their specs ("did you mean …?"), never to students
    const harness = files.filter((f) => f.startsWith('harness/') && !f.startsWith('harness/spec/'));
    expect(harness.length).toBeGreaterThan(20);
    const addressed = harness.filter((f) => /\byou(r|rs)?\b/i.test(readFileSync(join(packageRoot(), f), 'utf8')));
    expect(addressed).toEqual([]);
  });

  it("words a signal's meaning in grader/wording.ts only", () => {
    expect(count('an invalid memory access')).toEqual([['grader/wording.ts', 1]]);
    expect(count('ftruncate() the file')).toEqual([['grader/wording.ts', 1]]);
  });
});
