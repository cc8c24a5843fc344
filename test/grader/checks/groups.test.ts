// The pass over a test's findings (grader/checks/groups.ts): outputs that reached the wrong
// process, and instances of a group that failed the same way, each summarised once.
import { runChecks } from '../../../grader/checks/index.js';
import type { TestSpec } from '../../../harness/spec/types.js';
import type { CapturedStream } from '../../../harness/capture/stream.js';
import { observation, proc, stream, testSpec } from './observations.js';

const clients = (outputs: string[]) => {
  const processes = outputs.map((_, i) => proc('client', { instance: i, label: `client[${i}]`, pid: 100 + i }));
  const streams: Record<string, CapturedStream> = Object.fromEntries(outputs.map((o, i) => [`client[${i}]`, stream(o)]));
  return observation({ processes, streams });
};
const spec = (checks: TestSpec['checks'], n = 10) => ({ ...testSpec({ client: { count: n } }), cleanup: false, checks });
const reply = (i: number) => `I received: text ${i}\n`;

describe('outputs that reached the wrong process', () => {
  it('a group whose outputs are a permutation of the expected ones: one finding, wrong-recipient', () => {
    const got = Array.from({ length: 10 }, (_, i) => reply(i));
    [got[1], got[7]] = [got[7], got[1]];
    [got[3], got[9]] = [got[9], got[3]];
    const findings = runChecks(spec([{ output: { stream: 'client', equals: 'I received: text ${i}\n' } }]), clients(got));
    const failed = findings.filter((f) => !f.passed);
    expect(failed).toEqual([{
      // the first one's diff, last
      diff: '@@ -1,1 +1,1 @@\n-I received: text 1\n+I received: text 7',
      title: 'each `client` gets what was meant for it',
      passed: false,
      cause: 'wrong-recipient',
      rationale: 'messages went to the wrong processes (4 of 10 `client` processes got what was meant for another `client`): `client[1]` got what was meant for `client[7]` ("I received: text 7"); `client[3]` got what was meant for `client[9]` ("I received: text 9"); `client[7]` got what was meant for `client[1]` ("I received: text 1"); `client[9]` got what was meant for `client[3]` ("I received: text 3"); each must be addressed so that only the process it is meant for can take it',
    }]);
    expect(findings.filter((f) => f.passed)).toHaveLength(6);
  });

  it('two processes checked apart that swapped their replies', () => {
    const test = { ...testSpec({ first: {}, second: {} }), cleanup: false, checks: [
      { output: { stream: 'second', equals: 'I received: beta\n' } },
      { output: { stream: 'first', equals: 'I received: alpha\n' } },
    ] };
    const obs = observation({ processes: [proc('first'), proc('second')], streams: { first: stream('I received: beta\n'), second: stream('I received: alpha\n') } });
    const findings = runChecks(test, obs);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ title: '`second`, `first` each get what was meant for them', cause: 'wrong-recipient' });
    expect(findings[0].rationale).toBe('messages went to the wrong processes: `second` got what was meant for `first` ("I received: alpha"); `first` got what was meant for `second` ("I received: beta"); each must be addressed so that only the process it is meant for can take it');
  });

  it('the contract\'s why, said once after the summary', () => {
    const got = [reply(1), reply(0)];
    const [f] = runChecks(spec([{ output: { stream: 'client', equals: 'I received: text ${i}\n' }, why: 'replies carry the client\'s type' }], 2), clients(got));
    expect(f.rationale).toMatch(/can take it; replies carry the client's type$/);
  });

  it('numbers shifted by one (a got b\'s, b got c\'s, c something else) are a chain, not crossed replies', () => {
    const test = { ...testSpec({ first: {}, second: {}, third: {} }), cleanup: false, checks: [
      { output: { stream: 'first', equals: '0\n' } }, { output: { stream: 'second', equals: '3\n' } }, { output: { stream: 'third', equals: '4\n' } },
    ] };
    const obs = observation({ processes: [proc('first'), proc('second'), proc('third')], streams: { first: stream('3\n'), second: stream('4\n'), third: stream('9\n') } });
    const findings = runChecks(test, obs);
    expect(findings).toHaveLength(3);
    expect(findings.map((f) => f.cause)).toEqual([undefined, undefined, undefined]);
  });

  it('one wrong output alone, or outputs nobody was meant to get, are no crossing', () => {
    const got = Array.from({ length: 3 }, (_, i) => reply(i));
    got[0] = reply(2);
    const one = runChecks(spec([{ output: { stream: 'client', equals: 'I received: text ${i}\n' } }], 3), clients(got)).filter((f) => !f.passed);
    expect(one).toHaveLength(1);
    expect(one[0].cause).toBeUndefined();
    expect(one[0].diff).toContain('+I received: text 2');
  });
});

describe('instances that failed the same way', () => {
  it('seven clients that printed nothing: one finding that counts and names them', () => {
    const got = Array.from({ length: 10 }, (_, i) => (i % 3 === 1 ? reply(i) : ''));
    const failed = runChecks(spec([{ output: { stream: 'client', equals: 'I received: text ${i}\n' } }]), clients(got)).filter((f) => !f.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0].title).toBe('the output of `client[0]` is "I received: text 0\\n"');
    expect(failed[0].rationale).toBe('the same failure in 7 of 10 `client` processes (`client[0]`, `client[2]`, `client[3]`, `client[5]` and 3 more): the output of `client` is not what was expected');
  });

  it('exits: the same end is one finding; a different end is its own', () => {
    const processes = Array.from({ length: 4 }, (_, i) => proc('client', { instance: i, label: `client[${i}]`, pid: 100 + i, exit: i === 3 ? { signal: 'SIGPIPE' } : { code: 1 } }));
    const streams = Object.fromEntries(processes.map((p) => [`${p.label}.stderr`, stream(`msgrcv (pid ${p.pid}): Identifier removed\n`)]));
    const failed = runChecks(spec([{ exit: { process: 'client', code: 0 } }], 4), observation({ processes, streams })).filter((f) => !f.passed);
    expect(failed.map((f) => f.title)).toEqual(['`client[0]` exits with status 0', '`client[3]` exits with status 0']);
    expect(failed[0].rationale).toBe('the same failure in 3 of 4 `client` processes (`client[0]`, `client[1]`, `client[2]`): expected `client` to exit with status 0, but it exited with status 1; its stderr said: msgrcv (pid 100): Identifier removed');
    expect(failed[1].rationale).toMatch(/^expected `client\[3\]` to exit with status 0, but it was killed by SIGPIPE/);
  });
});
