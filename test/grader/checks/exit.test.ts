import { checkExit, exitCheck, normalSignal } from '../../../grader/checks/exit.js';
import { context, outOfTime, proc, stream, waitGaveUp } from './observations.js';

describe('exit check', () => {
  it('passes on the expected status, with a title from the expectation', () => {
    expect(checkExit({ process: 'srv', code: 0 }, context({ processes: [proc('srv')] }))).toEqual([{ title: '`srv` exits with status 0', passed: true }]);
  });

  it('says which status it got and what the stderr said', () => {
    const ctx = context({ processes: [proc('srv', { exit: { code: 3 } })], streams: { 'srv.stderr': stream('boom\n') } });
    expect(checkExit({ process: 'srv', code: 0 }, ctx)).toEqual([{
      title: '`srv` exits with status 0', passed: false, expected: 'exit with status 0', actual: 'exited with status 3',
      rationale: 'expected `srv` to exit with status 0, but it exited with status 3; its stderr said: boom',
    }]);
  });

  it('explains a fatal signal and normalises signal names', () => {
    const [f] = checkExit({ process: 'c', code: 0 }, context({ processes: [proc('c', { exit: { signal: 'SIGSEGV' } })] }));
    expect(f.rationale).toBe('expected `c` to exit with status 0, but it was killed by SIGSEGV (a segmentation fault: an invalid memory access)');
    expect(checkExit({ process: 'c', signal: 'TERM' }, context({ processes: [proc('c', { exit: { signal: 'SIGTERM' } })] }))).toEqual([{ title: '`c` is killed by SIGTERM', passed: true }]);
    expect(normalSignal('INT')).toBe('SIGINT');
  });

  it('a process still running when the run failed (out of time, a limit) is not checked: the test\'s reason already says why, never a second ✘', () => {
    const still = [proc('server', { killedBy: 'timeout', exit: { signal: 'SIGKILL' } })];
    const timedOut = context({ processes: still, termination: waitGaveUp(1) });
    expect(checkExit({ process: 'server', code: 0 }, timedOut)).toEqual([{ title: 'how `server` ended', passed: true,
      notChecked: { count: 1, because: '`server` was still running when the test gave up (above), so the test stopped it' },
      rationale: 'not checked: `server` was still running when the test gave up (above), so the test stopped it' }]);
    const full = context({ processes: [proc('w', { killedBy: 'disk-limit', exit: { signal: 'SIGKILL' } })], termination: { reason: 'disk-limit', limitBytes: 1, path: 'scratch', workDir: false } });
    expect(checkExit({ process: 'w', code: 0 }, full)[0].notChecked?.because).toBe('`w` was still running when the run hit its disk limit (above), so the test stopped it');
    // one the test itself killed (a signal step) is checked as usual
    const killed = context({ processes: [proc('k', { killedBy: 'test', exit: { signal: 'SIGKILL' } })], termination: outOfTime() });
    expect(checkExit({ process: 'k', code: 0 }, killed)[0]).toMatchObject({ passed: false });
  });

  it('fails a process the harness stopped, one never started, and one that could not exec', () => {
    const ctx = context({ processes: [
      proc('a', { killedBy: 'timeout', exit: { signal: 'SIGKILL' } }), proc('b', { pid: undefined, exit: undefined }), proc('c', { execError: 'no such program' }),
    ] });
    expect(checkExit({ process: 'a', code: 0 }, ctx)[0].rationale).toBe('`a` did not exit by itself: the harness stopped it (timeout)');
    expect(checkExit({ process: 'b', code: 0 }, ctx)[0].rationale).toBe('`b` was never started (an earlier step failed)');
    expect(checkExit({ process: 'c', code: 0 }, ctx)[0].rationale).toBe('no such program');
  });

  it('judges every instance of a replicated process, under the author title', () => {
    const ctx = context({ processes: [proc('w', { label: 'w[0]' }), proc('w', { instance: 1, label: 'w[1]', exit: { code: 1 } })] });
    expect(checkExit({ process: 'w', code: 0 }, ctx, 'workers succeed').map((f) => [f.title, f.passed])).toEqual([['workers succeed', true], ['workers succeed', false]]);
  });

  it('is registered with its schema fragment', () => {
    expect(exitCheck.run).toBe(checkExit);
    expect(exitCheck.schema).toMatchObject({ required: ['process'] });
  });
});

describe('exit check of a group', () => {
  it('instances never started are one "not checked" line, not a ✘ each', () => {
    const processes = Array.from({ length: 50 }, (_, i) => proc('client', { instance: i, label: `client[${i}]`, pid: i < 33 ? 100 + i : undefined, exit: i < 33 ? { code: 0 } : undefined }));
    const found = checkExit({ process: 'client', code: 0 }, context({ processes }, { client: { count: 50 } }));
    expect(found.filter((f) => !f.passed)).toEqual([]);
    expect(found.filter((f) => f.notChecked)).toEqual([{
      title: 'how 17 `client` processes ended', passed: true,
      notChecked: { count: 17, because: '17 of 50 `client` processes were never started (an earlier step failed)' },
      rationale: 'not checked: 17 of 50 `client` processes were never started (an earlier step failed)',
    }]);
    expect(found).toHaveLength(34);
  });
});
