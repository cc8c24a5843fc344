// Every format says how a grade was made (ipclab, Node, isolation, spec hashes, bounds) and, for a
// fallback grading, each protection it did without; a result from before these fields still renders.
import { REPORTERS } from '../../../grader/report/index.js';
import { renderTerminal } from '../../../grader/report/terminal.js';
import { renderHtml } from '../../../grader/report/html.js';
import { jobSummary } from '../../../grader/report/github.js';
import { gradescopeResult } from '../../../grader/report/gradescope.js';
import { releaseBody } from '../../../grader/report/classroom50.js';
import { renderJunit } from '../../../grader/report/junit.js';
import { fallbackGaps } from '../../../harness/isolate/mode.js';
import type { GradeResult } from '../../../grader/model.js';
import { ctx, exercise, result, test } from './fixtures.js';

const SHA = 'ab'.repeat(32);
const BOUND = 'at most 64 processes (pids cgroup)';

function graded(mode: 'isolated' | 'fallback'): GradeResult {
  const r = result([exercise('pipe-copy', [test({ name: 'ok' })])]);
  r.isolation = mode === 'fallback'
    ? { mode, kind: 'fallback', description: 'fallback (no namespaces available)', missing: fallbackGaps(true) }
    : { mode, kind: 'root', description: 'isolated: test' };
  r.provenance = { node: 'v20.99.0', specs: [{ exercise: 'pipe-copy', sha256: SHA }], bounds: ['per process: rlimits', BOUND] };
  return r;
}

/** HTML and XML text back to plain text, to find a sentence in it. */
const unentity = (t: string) => t.replace(/&(#39|apos|#x27);/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const GAP = /student code runs as the grader's own user/;

describe('provenance in the reports', () => {
  it('the terminal footer names ipclab, Node, the mode and each spec hash; --verbose adds the bounds', () => {
    const text = renderTerminal(graded('isolated'), { color: false, verbose: false });
    expect(text).toContain(`ipclab 0.0.0-test on Node v20.99.0 · isolation root · spec sha256 pipe-copy ${SHA.slice(0, 12)}`);
    expect(text).not.toContain(BOUND);
    expect(text).not.toMatch(/Graded without isolation/);
    expect(renderTerminal(graded('isolated'), { color: false, verbose: true })).toContain(BOUND);
  });

  it('a fallback grading lists every missing protection in the terminal, html, job summary, Gradescope, Classroom 50 and JUnit', () => {
    const r = graded('fallback');
    const missing = fallbackGaps(true);
    const outputs: Record<string, string> = {
      terminal: renderTerminal(r, { color: false, verbose: false }),
      html: renderHtml(r),
      github: jobSummary(r),
      gradescope: gradescopeResult(r, {}).output,
      classroom50: releaseBody(r),
      junit: renderJunit(r),
    };
    for (const [format, text] of Object.entries(outputs).map(([f, t]) => [f, unentity(t)])) {
      for (const m of missing) expect([format, m, text.includes(m)]).toEqual([format, m, true]);
      expect([format, text.includes('ipclab 0.0.0-test') || text.includes('"ipclab.version" value="0.0.0-test"')]).toEqual([format, true]);
    }
    for (const format of ['terminal', 'github', 'gradescope', 'classroom50']) expect(outputs[format]).toMatch(GAP);
  });

  it('JUnit carries the full spec hash and the bounds as properties of each suite', () => {
    const xml = renderJunit(graded('isolated'));
    expect(xml).toContain(`<property name="ipclab.spec.sha256" value="${SHA}"/>`);
    expect(xml).toContain(`<property name="ipclab.bound" value="${BOUND}"/>`);
    expect(xml).toContain('<property name="ipclab.isolation" value="root"/>');
  });

  it('the JSON report is the result with its provenance', () => {
    const json = JSON.parse(REPORTERS.json.render(graded('isolated'), ctx()).files!['result.json']);
    expect(json.provenance).toEqual({ node: 'v20.99.0', specs: [{ exercise: 'pipe-copy', sha256: SHA }], bounds: ['per process: rlimits', BOUND] });
    expect(json.isolation).toEqual({ mode: 'isolated', kind: 'root', description: 'isolated: test' });
  });

  it('a result recorded before provenance existed renders in every format', () => {
    const old = result([exercise('pipe-copy', [test({ name: 'ok' })])]);
    for (const f of Object.keys(REPORTERS) as Array<keyof typeof REPORTERS>) expect(() => REPORTERS[f]!.render(old, ctx({ GITHUB_ACTIONS: 'true' }))).not.toThrow();
    expect(renderTerminal(old, { color: false, verbose: false })).toContain('ipclab 0.0.0-test · isolation isolated');
  });
});
