import { CHECK_REFS, kindsOf } from '../../harness/spec/check-refs.js';
import { errorsOf } from './spec-errors.js';

describe('what check kinds refer to', () => {
  it('every kind\'s dangling process, stream or sample is named at its line and column', () => {
    expect(errorsOf('bad-check-refs.yaml')).toEqual([
      'bad-check-refs.yaml:14:26: tests[0].checks[0].exit.process: no process or program named "svr" in this test (processes: srv; programs: srv, sh); did you mean "srv"?',
      'bad-check-refs.yaml:15:15: tests[0].checks[1].exit: say the expected `code` or `signal`',
      'bad-check-refs.yaml:16:27: tests[0].checks[2].output.stream: no stream named "srv.stdrr" in this test (it has srv, srv.stderr)',
      'bad-check-refs.yaml:17:56: tests[0].checks[3].output.same_bytes_as_stdin_of: no process named "cli" in this test (it has srv)',
      'bad-check-refs.yaml:18:51: tests[0].checks[4].sysv.sample: no step samples "mdi" in this test',
      'bad-check-refs.yaml:19:53: tests[0].checks[5].posix.sample: no step samples "end" in this test',
      'bad-check-refs.yaml:20:29: tests[0].checks[6].blocked.process: no process or program named "cli" in this test (processes: srv; programs: srv, sh)',
      'bad-check-refs.yaml:20:54: tests[0].checks[6].blocked.sample: no step samples "later" in this test',
    ]);
  });

  it('a check\'s kind is its key besides title', () => {
    expect(kindsOf({ title: 'x', files: { absent: [] } })).toEqual(['files']);
    expect(CHECK_REFS.output.patterns!({ stream: 's', matches: 'a', lines_from: ['b'], order: [['c', 'd']] })).toEqual([
      { path: ['matches'], pattern: 'a' }, { path: ['lines_from', 0], pattern: 'b' },
      { path: ['order', 0, 0], pattern: 'c' }, { path: ['order', 0, 1], pattern: 'd' },
    ]);
  });
});
