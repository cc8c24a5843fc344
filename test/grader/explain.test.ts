// `--explain`: a failed test that ran untraced is run once more under strace for its diagram,
// with a line saying how that run went; its verdict and points are the first run's.
import { loadCatalogue } from '../../harness/spec/load.js';
import { settings } from '../../harness/settings.js';
import { explained, gradeSubmission } from '../../grader/grade.js';
import { asSubmission, knownSolutions } from '../../grader/solutions.js';
import { renderHtml } from '../../grader/report/html.js';
import { renderTest } from '../../grader/report/terminal.js';
import { createColors } from 'picocolors';
import type { TestResult } from '../../grader/model.js';
import type { Observation } from '../../harness/run/observation.js';

const catalogue = loadCatalogue();
const solution = (exercise: string, name: string) => knownSolutions(catalogue.find((e) => e.spec.id === exercise)!).find((s) => s.name === name)!;

(settings().strace ? describe : describe.skip)('grade --explain (real runs)', () => {
  it('crossed-replies of type2-replies: the traced re-run draws the crossed messages, the points stay', async () => {
    const sub = asSubmission(solution('msgq-ping-pong', 'type2-replies'));
    try {
      const opts = { catalogue, exercises: ['msgq-ping-pong'], tests: ['crossed-replies', 'one-client'] };
      const plain = await gradeSubmission(sub.dir, opts);
      const explainedRun = await gradeSubmission(sub.dir, { ...opts, explain: true });
      const [before, after] = [plain, explainedRun].map((r) => r.exercises[0].tests.find((t) => t.name === 'crossed-replies')!);
      expect(before.status).toBe('failed');
      expect(before.sequence?.traced).toBe(false);
      expect(before.retraced).toBeUndefined();
      expect([after.status, after.points, after.reason]).toEqual([before.status, before.points, before.reason]);
      expect(explainedRun.points).toBe(plain.points);
      expect(after.retraced).toEqual({ outcome: 'same', text: 'traced again: it failed the same way (the diagram is of the traced run)' });
      expect(after.sequence?.traced).toBe(true);
      const replies = after.sequence!.arrows.filter((a) => a.kind === 'message' && a.from === 'server').map((a) => a.to);
      expect(replies.sort()).toEqual(['first', 'second']);
      // every reporter that shows a failure says it, the html beside the diagram
      expect(renderTest(after, createColors(false), false).join('\n')).toContain('traced again: it failed the same way');
      const html = renderHtml(explainedRun);
      expect(html).toContain('traced again: it failed the same way');
      expect(html).toMatch(/data-kind="message" data-from="server" data-to="second"/);
      // a passing test is not run again
      const passing = explainedRun.exercises[0].tests.find((t) => t.name === 'one-client')!;
      expect([passing.status, passing.retraced, passing.sequence?.traced]).toEqual(['passed', undefined, false]);
    } finally {
      sub.remove();
    }
  }, 120_000);

  it('a failed test that was traced already is not run again', async () => {
    const sub = asSubmission(solution('msgq-ping-pong', 'type2-replies'));
    try {
      const r = await gradeSubmission(sub.dir, { catalogue, exercises: ['msgq-ping-pong'], tests: ['crossed-replies'], explain: true, trace: 'all' });
      const t = r.exercises[0].tests[0];
      expect([t.status, t.retraced, t.sequence?.traced]).toEqual(['failed', undefined, true]);
    } finally {
      sub.remove();
    }
  }, 120_000);
});

describe('explained (how the traced re-run is told)', () => {
  const result = (status: TestResult['status'], failing: string[], traced = true): TestResult => ({
    name: 't', title: 't', status, points: status === 'passed' ? 2 : 0, maxPoints: 2, reason: failing[0], durationMs: 1, hidden: false, detail: 'full', processes: [],
    findings: failing.map((title) => ({ title, passed: false, rationale: title })),
    sequence: { traced, endMs: 1, lanes: [], arrows: [], marks: [], objects: [] },
  });
  const obs = (o: Partial<Observation> = {}) => o as Observation;
  const first = result('failed', ['the output of `first` (pid 12) is "a"'], false);

  it('the same failing checks (but for numbers) are the same way; others are not', () => {
    expect(explained(first, [result('failed', ['the output of `first` (pid 40) is "a"']), obs()]).retraced?.outcome).toBe('same');
    expect(explained(first, [result('failed', ['`first` exits with status 0']), obs()]).retraced?.outcome).toBe('other');
  });

  it('a pass this time is a timing-dependent failure, and the verdict stays failed', () => {
    const r = explained(first, [result('passed', []), obs()]);
    expect(r.retraced?.text).toContain('it passed this time — a timing-dependent failure');
    expect([r.status, r.points, r.sequence?.traced]).toEqual(['failed', 0, true]);
  });

  it('no trace: the first run\'s diagram stays, and the line says why', () => {
    const r = explained(first, [result('error', ['x']), obs({ traceUnavailable: 'strace is not installed' })]);
    expect(r.retraced).toEqual({ outcome: 'error', text: 'could not trace it again: tracing unavailable: strace is not installed (the diagram is of the first run, untraced)' });
    expect(r.sequence?.traced).toBe(false);
  });
});
