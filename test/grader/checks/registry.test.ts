import { readFileSync } from 'node:fs';
import { leftoverWords } from '../../../grader/wording.js';
import { CHECKS, runChecks } from '../../../grader/checks/index.js';
import { CHECK_REFS } from '../../../harness/spec/check-refs.js';
import { generatedSchema, renderSchema, schemaFile, withCheckKinds } from '../../../grader/checks/schema.js';
import { observation, proc, testSpec } from './observations.js';

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
      { title: 'nothing is left behind', passed: false, rationale: `${words.description} (created by \`p\`)`, hint: words.remedy },
    ]);
  });

  it('a check that throws becomes a failed finding, not a crash', () => {
    const test = { ...testSpec(), checks: [{ posix: { type: 'mq' as const, name: '${nope}' } }] };
    expect(runChecks(test, observation({ vars: { dir: '/w' } }))[0]).toEqual({
      title: 'posix', passed: false, rationale: 'this check could not be evaluated: unknown variable ${nope} (known: dir)',
    });
  });
});
