// Gradescope's results.json (gradescope-autograders.readthedocs.io, "Autograder Specifications":
// /autograder/results/results.json). One Gradescope test per ipclab test, named
// "<exercise>/<test>"; its output is what the student may see of it (student-view.ts).
//
// Hidden tests: Gradescope can hide a whole test, not part of one. An ipclab hidden test keeps its
// verdict and points and loses its details (as everywhere), and is shown only when the instructor
// publishes the grades ('after_published'); a hidden test worth 0 points is 'hidden' outright
// (Gradescope reserves 'hidden' for tests that add nothing to the total, which students could not
// otherwise see). IPCLAB_GRADESCOPE_HIDDEN=<visibility> overrides that choice.
import { FALLBACK_HEADLINE, missingProtections, provenanceLine } from './provenance.js';
import type { GradeResult, Status } from '../model.js';
import type { ReportContext, Reporter } from './types.js';
import { blocksToText, clip, errorLines, studentBlocks, studentView, testLabel } from './student-view.js';
import { gutter } from './untrusted.js';
import { COULD_NOT_FINISH_NOT_YOURS, couldNotBeRun } from '../wording.js';

export type Visibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';
const VISIBILITIES: Visibility[] = ['hidden', 'after_due_date', 'after_published', 'visible'];

export interface GradescopeTest {
  name: string;
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

export function gradescopeResult(r: GradeResult, env: ReportContext['env']): GradescopeResult {
  const override = env.IPCLAB_GRADESCOPE_HIDDEN as Visibility | undefined;
  const hiddenVisibility = (maxPoints: number): Visibility =>
    override && VISIBILITIES.includes(override) ? override : maxPoints > 0 ? 'after_published' : 'hidden';
  const tests: GradescopeTest[] = [];
  for (const e of r.exercises) {
    for (const t of e.tests) {
      const v = studentView(t);
      tests.push({
        name: `${e.id}/${testLabel(v)}`,
        score: t.points,
        max_score: t.maxPoints,
        status: STATUS[t.status],
        output: clip(blocksToText(studentBlocks(v), MAX_BLOCK), MAX_TEST_OUTPUT),
        visibility: t.hidden ? hiddenVisibility(t.maxPoints) : 'visible',
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
  render: (r, ctx) => ({ files: { 'results.json': `${JSON.stringify(gradescopeResult(r, ctx.env), null, 2)}\n` } }),
};
