import { readFileSync } from 'node:fs';
import { leftoverWords } from '../../../grader/wording.js';
import { CHECKS, runChecks } from '../../../grader/checks/index.js';
import { CHECK_REFS } from '../../../harness/spec/check-refs.js';
import { generatedSchema, renderSchema, schemaFile, withCheckKinds } from '../../../grader/checks/schema.js';
import { observation, proc, stream, testSpec, waitGaveUp } from './observations.js';
import { verdict } from '../../../grader/score.js';

describe('check registry', () => {
  it('exercises/schema.json is what the kinds\' fragments make (run `npm run schema` after changing one)', () => {
    expect(generatedSchema()).toBe(readFileSync(schemaFile(), 'utf8'));
  });

  it('the schema is made from the registry: a changed fragment changes it', () => {
    const base = JSON.parse(readFileSync(schemaFile(), 'utf8'));
    const made = withCheckKinds(base) as { definitions: { check: { properties: Record<string, unknown>; oneOf: unknown[] } } };
    expect(Object.keys(made.definitions.check.properties)).toEqual(['title', 'why', ...Object.keys(CHECKS)]);
    expect(made.definitions.check.oneOf).toEqual(Object.keys(CHECKS).map((k) => ({ required: [k] })));
    expect(renderSchema({ d: '…' })).toBe('{\n  "d": "\\u2026"\n}\n');
  });

  it('the harness knows the references of exactly the registered kinds', () => {
    expect(Object.keys(CHECK_REFS).sort()).toEqual(Object.keys(CHECKS).sort());
  });

  it('runChecks dispatches each check to its kind, then adds "nothing is left behind"', () => {
    const test = { ...testSpec({ p: {} }), checks: [{ exit: { process: 'p', code: 0 } }, { title: 'quiet', output: { stream: 'p', empty: true as const } }] };
    const queue = { kind: 'msg' as const, key: 0x1234, id: 7, mode: 0o600, bytes: 0, messages: 0, lastSender: 0, lastReceiver: 0, uid: 0 };
    const obs = observation({ processes: [proc('p')], leftovers: [{ kind: 'sysv', object: queue, creator: 'p' }] });
    const [words] = leftoverWords(obs.leftovers); // the sentences themselves: test/grader/wording-leftovers.test.ts
    expect(runChecks(test, obs)).toEqual([
      { title: '`p` exits with status 0', passed: true },
      { title: 'quiet', passed: true },
      { title: 'nothing is left behind', passed: false, rationale: `${words.description} was left behind by \`p\`, which created it`, hint: words.remedy },
    ]);
  });

  it('a check that throws for a reason of its own is a fault of ipclab (internal), never the student\'s ✘', () => {
    const test = { ...testSpec(), checks: [{ posix: { type: 'mq' as const, name: '${nope}' } }] };
    const [f] = runChecks(test, observation({ vars: { dir: '/w' } }));
    expect(f).toMatchObject({ title: 'posix', passed: false, internal: true });
    expect(f.rationale).toMatch(/^ipclab could not evaluate this check \(a fault of the grader, not of your program\): unknown variable \$\{nope\}/);
    const v = verdict(test, observation(), [f], 'full');
    expect(v.status).toBe('error');
  });

  it('checks naming processes that never started are one "not checked" line, counted, neither ✘ nor an error', () => {
    const test = { ...testSpec({ server: {}, client: {} }), checks: [
      { exit: { process: 'server', code: 0 } },
      { files: { absent: ['${dir}/client.${pid:client}.fifo'] } },
      { files: { absent: ['${dir}/other.${pid:client}.fifo'] } },
      { exit: { process: 'client', code: 0 } },
      { output: { stream: 'client', equals: '0\\n' } },
    ] };
    const obs = observation({ processes: [proc('server'), proc('client', { pid: undefined, exit: undefined })] });
    const findings = runChecks(test, obs);
    const summary = findings.filter((f) => f.notChecked);
    expect(summary).toEqual([{ title: '4 checks not checked', passed: true, notChecked: { count: 4, because: '`client` was never started' }, rationale: 'not checked: `client` was never started' }]);
    expect(findings.some((f) => f.internal)).toBe(false);
    expect(verdict(test, obs, findings, 'full').status).toBe('passed');
  });

  it('"not checked" says why the process never started: the wait before its start that never came true', () => {
    const test = { ...testSpec({ server: {}, client: {} }), cleanup: false, checks: [{ exit: { process: 'client', code: 0 } }, { output: { stream: 'client', equals: '0\n' } }],
      script: [{ start: 'server' }, { wait: { output: { stream: 'server', line: 'ready' } } }, { start: 'client' }] };
    const termination = waitGaveUp(1);
    const obs = observation({ processes: [proc('server'), proc('client', { pid: undefined, exit: undefined })], termination });
    const [summary] = runChecks(test, obs);
    expect(summary.rationale).toBe('not checked: `client` was never started, because `server` never printed the line "ready"');
    // a failure after the start says nothing about why it never started
    const later = observation({ processes: [proc('server'), proc('client', { pid: undefined, exit: undefined })], termination: { ...termination, step: 2 } });
    expect(runChecks(test, later)[0].rationale).toBe('not checked: `client` was never started');
  });

  it('a stream the test named for a group (`stdout: clients`) is not checked when none of its writers started, and checked when one did', () => {
    const test = { ...testSpec({ server: {}, client: { count: 2, stdout: 'clients' }, other: { stdout: 'both' }, more: { stdout: 'both' } }), cleanup: false,
      checks: [{ output: { stream: 'clients', equals: '0\n1\n' } }, { output: { stream: 'both', equals: 'x\n' } }] };
    const never = { pid: undefined, exit: undefined };
    const obs = observation({
      processes: [proc('server'), proc('client', { ...never, label: 'client[0]' }), proc('client', { ...never, instance: 1, label: 'client[1]' }), proc('other'), proc('more', never)],
      streams: { both: stream('y\n') },
    });
    const findings = runChecks(test, obs);
    expect(findings.filter((f) => f.notChecked).map((f) => f.rationale)).toEqual(['not checked: `client` was never started']);
    // `other` started, so the stream it shares with `more` is checked: a ✘ of its own
    expect(findings.filter((f) => !f.passed).length).toBe(1);
  });

  it('checks of a moment the script never reached (the run stopped at an earlier wait) are not checked, and say why', () => {
    const test = { ...testSpec({ drain: {} }), cleanup: false,
      script: [{ start: 'drain' }, { wait: { exited: 'drain' } }, { sample: 'drained' }],
      checks: [{ sysv: { type: 'msg' as const, key: '0x1', messages: 4, sample: 'drained' } }] };
    const termination = waitGaveUp(1, { exited: 'drain' }, 3000);
    const [summary] = runChecks(test, observation({ processes: [proc('drain', { killedBy: 'timeout', exit: { signal: 'SIGKILL' } })], termination }));
    expect(summary).toMatchObject({ passed: true, notChecked: { count: 1, because: 'the test stopped before the moment it looks at, because `drain` never exited' } });
    // a moment that came but was not recorded is still the check's own business
    const reached = runChecks(test, observation({ processes: [proc('drain')] }));
    expect(reached[0].notChecked).toBeUndefined();
  });

  it('an unknown ${pid:…} of a process that did start is still ipclab\'s fault, not "not checked"', () => {
    const test = { ...testSpec({ server: {} }), checks: [{ files: { absent: ['${dir}/x.${pid:nosuch}'] } }] };
    const [f] = runChecks(test, observation({ processes: [proc('server')] }));
    expect(f.internal).toBe(true);
  });
});
