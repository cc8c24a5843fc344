// Gradescope's results.json (gradescope-autograders.readthedocs.io, "Autograder Specifications":
// /autograder/results/results.json). One Gradescope test per ipclab test, named
// "<exercise>/<test>"; its output is what the student may see of it (student-view.ts).
//
// Hidden tests: Gradescope can hide a whole test, not part of one. An ipclab hidden test keeps its
// verdict and points and loses its details (as everywhere), and is shown only when the instructor
// publishes the grades ('after_published'); a hidden test worth 0 points is 'hidden' outright
// (Gradescope reserves 'hidden' for tests that add nothing to the total, which students could not
// otherwise see). after_published also hides the student's total score until publication: the
// instructor chooses otherwise with --gradescope-hidden (the kit's GRADESCOPE_HIDDEN) or
// IPCLAB_GRADESCOPE_HIDDEN=<visibility>. Each test's `number` is <exercise>.<test>, in order.
import { FALLBACK_HEADLINE, missingProtections, provenanceLine } from './provenance.js';
import type { GradeResult, Status } from '../model.js';
import { GRADESCOPE_VISIBILITIES, type GradescopeVisibility, type ReportContext, type ReportOptions, type Reporter } from './types.js';
import { blocksToText, clip, errorLines, studentBlocks, studentView, testLabel } from './student-view.js';
import { gutter } from './untrusted.js';
import { COULD_NOT_FINISH_NOT_YOURS, couldNotBeRun } from '../wording.js';

export type Visibility = GradescopeVisibility;

export interface GradescopeTest {
  name: string;
  /** "<exercise>.<test>", both counted from 1 in the order graded: Gradescope sorts and labels by it. */
  number: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: Visibility;
  tags: string[];
}

export interface GradescopeResult {
  score: number;
  execution_time: number;
  output: string;
  output_format: 'text';
  test_output_format: 'text';
  test_name_format: 'text';
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
}

/** Our own bound on each test's output (Gradescope shows it collapsed in a <pre>). */
export const MAX_TEST_OUTPUT = 8000;
const MAX_BLOCK = 3000;
const MAX_OUTPUT = 20_000;

const STATUS: Record<Status, GradescopeTest['status']> = { passed: 'passed', failed: 'failed', skipped: 'failed', error: 'failed' };

/** The visibility of a hidden test: the instructor's choice (option, then environment), else after_published, or hidden when it is worth nothing. */
function hiddenVisibility(maxPoints: number, env: ReportContext['env'], options: ReportOptions): Visibility {
  const fromEnv = env.IPCLAB_GRADESCOPE_HIDDEN as Visibility | undefined;
  const chosen = options.gradescopeHidden ?? (fromEnv && GRADESCOPE_VISIBILITIES.includes(fromEnv) ? fromEnv : undefined);
  return chosen ?? (maxPoints > 0 ? 'after_published' : 'hidden');
}

export function gradescopeResult(r: GradeResult, env: ReportContext['env'], options: ReportOptions = {}): GradescopeResult {
  const tests: GradescopeTest[] = [];
  for (const [i, e] of r.exercises.entries()) {
    for (const [j, t] of e.tests.entries()) {
      const v = studentView(t);
      tests.push({
        name: `${e.id}/${testLabel(v)}`,
        number: `${i + 1}.${j + 1}`,
        score: t.points,
        max_score: t.maxPoints,
        status: STATUS[t.status],
        output: clip(blocksToText(studentBlocks(v), MAX_BLOCK), MAX_TEST_OUTPUT),
        visibility: t.hidden ? hiddenVisibility(t.maxPoints, env, options) : 'visible',
        tags: [e.id],
      });
    }
  }
  return {
    score: r.points,
    execution_time: Math.round(r.durationMs / 1000),
    output: summary(r),
    output_format: 'text',
    test_output_format: 'text',
    test_name_format: 'text',
    visibility: 'visible',
    // run_autograder's standard output is the instructor's log
    stdout_visibility: 'hidden',
    tests,
  };
}

function summary(r: GradeResult): string {
  const n = r.counts;
  const out = [`ipclab: ${r.points}/${r.maxPoints} points (${n.passed} passed, ${n.failed} failed${n.skipped ? `, ${n.skipped} not run` : ''}${n.error ? `, ${couldNotBeRun(n.error)}` : ''})`];
  for (const e of r.exercises) {
    if (e.build.status === 'built' && !e.build.log) continue;
    out.push('', `${e.id}: ${e.build.status === 'built' ? 'built with messages' : e.build.status === 'no-folder' ? `no folder ${e.id}/ in the submission` : 'the build failed'}`);
    if (e.build.log) out.push(clip(gutter(e.build.log, 2), MAX_BLOCK));
  }
  const errors = errorLines(r.errors);
  if (errors.length) out.push('', `${COULD_NOT_FINISH_NOT_YOURS}:`, ...errors);
  const missing = missingProtections(r);
  if (missing.length) out.push('', FALLBACK_HEADLINE, ...missing.map((m) => `  - ${m}`));
  out.push('', provenanceLine(r));
  return clip(out.join('\n'), MAX_OUTPUT);
}

export const gradescopeReporter: Reporter<'gradescope'> = {
  name: 'gradescope',
  description: "Gradescope's results.json",
  render: (r, ctx) => ({ files: { 'results.json': `${JSON.stringify(gradescopeResult(r, ctx.env, ctx.options), null, 2)}\n` } }),
};
