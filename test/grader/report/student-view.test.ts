// The one redaction rule every student-facing format uses.
import { HIDDEN_DETAILS, NOT_YOUR_FAULT, blocksToText, clip, studentBlocks, studentView } from '../../../grader/report/student-view.js';
import { failing, test } from './fixtures.js';
import { runChecks } from '../../../grader/checks/index.js';
import { verdict } from '../../../grader/score.js';
import type { TestSpec } from '../../../harness/spec/types.js';
import type { Observation } from '../../../harness/run/observation.js';
import { observation, proc, stream, testSpec } from '../checks/observations.js';

const text = (t: Parameters<typeof studentView>[0]) => blocksToText(studentBlocks(studentView(t)), 10_000);

describe('studentView', () => {
  it('full detail shows reason, diagnosis, hints, expected values and the diff', () => {
    const out = text(failing('f'));
    expect(out).toContain('the output of `client` is not what was expected');
    expect(out).toContain('what was going on: `server` is blocked in msgrcv()');
    expect(out).toContain('hint: reply with the mtype the client asked for');
    expect(out).toContain('-SECRET-EXPECTED');
    expect(out).toContain('✘ `client` exits with status 0');
    // the reason is the first failing check's rationale: said once
    expect(out.split('is not what was expected').length).toBe(2);
    // ...but that first failing check still has its ✘ headline, like every later one
    expect(out.match(/^✘ /gm)).toHaveLength(2);
    expect(out).toContain('✘ the output of `client` is "SECRET-EXPECTED');
  });

  it('expected/actual blocks only when they add something; a test\'s output is shown once', () => {
    const dump = 'parent 0\nchild 0\nparent 1\n';
    const t = failing('once', {
      diagnosis: undefined,
      hints: [],
      reason: 'expected `main` to exit with status 0, but it exited with status 1',
      findings: [
        { title: '`main` exits with status 0', passed: false, expected: 'exit with status 0', actual: 'exited with status 1', rationale: 'expected `main` to exit with status 0, but it exited with status 1' },
        { title: 'the output of `main` contains "final 2"', passed: false, expected: 'contains "final 2"', actual: dump, rationale: 'the output of `main` does not contain "final 2"' },
        { title: 'the output of `main` has 4 lines', passed: false, expected: '4 lines', actual: dump, rationale: 'the output of `main` has 3 lines, expected 4' },
        { title: 'the reader got the bytes', passed: false, expected: '8388608 bytes', actual: '8388608 bytes', rationale: 'the output of `reader` differs from the input' },
      ],
    });
    expect(text(t)).toBe([
      'expected `main` to exit with status 0, but it exited with status 1',
      '',
      '✘ `main` exits with status 0',
      '',
      '✘ the output of `main` contains "final 2"',
      'the output of `main` does not contain "final 2"',
      'actual:',
      '  │ parent 0',
      '  │ child 0',
      '  │ parent 1',
      '  │ ',
      '',
      '✘ the output of `main` has 4 lines',
      'the output of `main` has 3 lines, expected 4',
      'actual: the same as shown above',
      '',
      '✘ the reader got the bytes',
      'the output of `reader` differs from the input',
    ].join('\n'));
  });

  it('a repeated test\'s reason ("run 9 of 10: …") is not said again under its first check', () => {
    const out = text(failing('r', { reason: 'run 9 of 10: the output of `client` is not what was expected' }));
    expect(out.split('is not what was expected').length).toBe(2);
  });

  it('a hidden test shows only its name, verdict and points', () => {
    const v = studentView(failing('h', { hidden: true, title: 'HIDDEN-TITLE' }));
    expect(v).toMatchObject({ name: 'h', status: 'failed', points: 0, maxPoints: 2, shown: 'verdict-only', reason: HIDDEN_DETAILS, hints: [], checks: [] });
    expect(v.title).toBeUndefined();
    expect(v.diagnosis).toBeUndefined();
    expect(JSON.stringify(v)).not.toMatch(/SECRET|HIDDEN-TITLE|msgrcv|mtype/);
  });

  it("detail 'none' keeps the title but no reason, checks, hints or diagnosis", () => {
    const v = studentView(failing('n', { detail: 'none' }));
    expect(v).toMatchObject({ title: 'the n test', shown: 'verdict-only', reason: HIDDEN_DETAILS, checks: [] });
    expect(JSON.stringify(v)).not.toMatch(/SECRET|msgrcv|mtype|not what was expected/);
  });

  it("detail 'actual-only' shows what the program did and no expected value anywhere", () => {
    const v = studentView(failing('a', { detail: 'actual-only' }));
    const out = text(failing('a', { detail: 'actual-only' }));
    expect(JSON.stringify(v)).not.toContain('SECRET-EXPECTED');
    expect(out).toContain('what the program printed');
    expect(out).toContain('what your program did');
    expect(out).not.toContain('@@');
    // a check title that quotes the expected value is replaced by its rationale
    expect(v.checks[0]).toMatchObject({ title: 'the output of `client` is not what was expected', actual: 'what the program printed\n' });
    expect(v.checks[0].expected).toBeUndefined();
    expect(v.checks[0].diff).toBeUndefined();
    expect(out).toContain('hint: reply with the mtype');
  });

  it("'actual-only' keeps the timeline but drops events that quote an expected value", () => {
    const timeline = [
      { ms: 1, kind: 'start', process: 'client', text: 'started: client (pid 3)' },
      { ms: 2, kind: 'step', text: 'waited for a line "SECRET-EXPECTED"' },
    ];
    expect(studentView(failing('a', { detail: 'actual-only', timeline })).timeline).toEqual([timeline[0]]);
    expect(studentView(failing('a', { timeline })).timeline).toEqual(timeline);
    expect(studentView(failing('a', { detail: 'none', timeline })).timeline).toBeUndefined();
  });

  it("'actual-only' withholds a reason that quotes the expected value", () => {
    const t = failing('a', { detail: 'actual-only', reason: 'the output of `client` lacks "SECRET-EXPECTED"' });
    expect(studentView(t).reason).not.toContain('SECRET');
    expect(studentView(t).reason).toMatch(/expected is not shown/);
  });

  it('an error says it is not the student\'s fault, even when details are hidden', () => {
    const t = test({ name: 'e', status: 'error', reason: 'ipclab could not run this test (not your fault): init died', hidden: true });
    expect(studentView(t).reason).toBe(NOT_YOUR_FAULT);
    expect(studentView({ ...t, hidden: false }).reason).toContain('init died');
  });

  it('a passed test has no details to show', () => {
    expect(studentBlocks(studentView(test({ name: 'p' })))).toEqual([]);
  });

  it('clip bounds text and says how much it cut', () => {
    const c = clip('x'.repeat(10_000), 500);
    expect(c.length).toBeLessThanOrEqual(500);
    expect(c).toMatch(/more characters cut\)$/);
    expect(clip('short', 500)).toBe('short');
    // never half a surrogate pair
    const emoji = clip('😀'.repeat(1000), 101);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

// The rendered view of findings inferred from hand-built Observations shaped like the known
// buggy solutions' runs (no process runs): the cause leads, the evidence follows, no repeated block.
describe('rendered causes', () => {
  const render = (spec: TestSpec, obs: Observation) => text(verdict(spec, obs, runChecks(spec, obs), 'full'));

  it('ten clients of which four took each other\'s replies: one finding, cause first, one bounded diff', () => {
    const got = Array.from({ length: 10 }, (_, i) => `I received: text ${i}\n`);
    [got[1], got[7]] = [got[7], got[1]];
    [got[3], got[9]] = [got[9], got[3]];
    const processes = got.map((_, i) => proc('client', { instance: i, label: `client[${i}]`, pid: 100 + i }));
    const streams = Object.fromEntries(got.map((o, i) => [`client[${i}]`, stream(o)]));
    const spec = { ...testSpec({ client: { count: 10 } }), cleanup: false, checks: [{ output: { stream: 'client', equals: 'I received: text ${i}\n' } }] };
    expect(render(spec, observation({ processes, streams }))).toBe([
      'messages went to the wrong processes (4 of 10 `client` processes got what was meant for another `client`): `client[1]` got what was meant for `client[7]` ("I received: text 7"); `client[3]` got what was meant for `client[9]` ("I received: text 9"); `client[7]` got what was meant for `client[1]` ("I received: text 1"); `client[9]` got what was meant for `client[3]` ("I received: text 3"); each must be addressed so that only the process it is meant for can take it',
      '',
      '✘ each `client` gets what was meant for it',
      'expected (-) and actual (+) output:',
      '  │ @@ -1,1 +1,1 @@',
      '  │ -I received: text 1',
      '  │ +I received: text 7',
    ].join('\n'));
  });

  it('MAP_PRIVATE: each process sees its own copy, and no 20-line diff', () => {
    const turns = Array.from({ length: 10 }, (_, i) => `${i % 2 ? 'child' : 'parent'} ${i}`);
    const own = Array.from({ length: 10 }, (_, i) => `${i % 2 ? 'child' : 'parent'} ${i >> 1}`);
    const spec = { ...testSpec({ main: {} }), cleanup: false, checks: [{ exit: { process: 'main', code: 0 } }, { output: { stream: 'main', lines: [...turns, 'final 10'] } }] };
    expect(render(spec, observation({ processes: [proc('main')], streams: { main: stream(`${own.join('\n')}\nfinal 5\n`) } }))).toBe([
      'each process sees its own copy of the counter: the "parent" lines count 0, 1, 2, 3, … and the "child" lines count 0, 1, 2, 3, …, each only its own increments, where one counter shared by both gives parent 0, child 1, parent 2, …',
      '',
      '✘ the output of `main` is exactly 11 lines',
    ].join('\n'));
  });

  it('lost updates, then the same cause in a second count: said in full once', () => {
    const counters = Array.from({ length: 4 }, (_, i) => proc('counter', { instance: i, label: `counter[${i}]`, pid: 100 + i, startMs: 5, endMs: 40 }));
    const spec = { ...testSpec({ counter: { count: 4 }, show: {}, again: {} }), cleanup: false, checks: [
      { output: { stream: 'show', equals: '4000000\n' } }, { output: { stream: 'again', equals: '4001000\n' } },
    ] };
    const obs = observation({ processes: [...counters, proc('show'), proc('again')], streams: { show: stream('3000000\n'), again: stream('3001000\n') } });
    expect(render(spec, obs)).toBe([
      'lost updates: 1000000 increments are missing (got 3000000 of 4000000): the processes changed the count at the same time without holding the lock, so some increments overwrote others',
      '',
      '✘ the output of `show` is "4000000\\n"',
      '',
      '✘ the output of `again` is "4001000\\n"',
      'lost updates again: 1000000 increments are missing (got 3001000 of 4001000)',
    ].join('\n'));
  });
});
