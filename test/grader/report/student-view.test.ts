// The one redaction rule every student-facing format uses.
import { HIDDEN_DETAILS, NOT_YOUR_FAULT, blocksToText, clip, studentBlocks, studentView } from '../../../grader/report/student-view.js';
import { failing, test } from './fixtures.js';

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
