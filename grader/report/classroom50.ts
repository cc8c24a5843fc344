// Classroom 50 (foundation50/classroom50): an autograder.py writes ./result.json in the documented
// `classroom50/result/v1` shape (wiki/Advanced-Autograding.md, "The result.json contract";
// schemas/result-v1.schema.json) and may write ./release-body.md, the Markdown of the submission's
// Release. Identity fields come from the environment the runner gives the autograder (CLASSROOM,
// ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, REVIEW_URL, OWNER/USERNAME,
// ASSIGNMENT_TYPE); the runner stamps owner and assignment_type authoritatively.
import { FALLBACK_HEADLINE, missingProtections, provenanceLine } from './provenance.js';
import type { GradeResult } from '../model.js';
import type { ReportContext, Reporter } from './types.js';
import { MARK, blocksToMarkdown, mdCell, mdText, fence } from './markdown.js';
import { clip, errorLines, studentBlocks, studentView, testLabel } from './student-view.js';
import { visible } from './untrusted.js';
import { COULD_NOT_FINISH_NOT_YOURS, couldNotBeRun } from '../wording.js';

export const SCHEMA = 'classroom50/result/v1';
/** Their docs: "Captured output is truncated at 2000 characters". */
export const MAX_BLOCK = 2000;
/** A GitHub Release body holds at most 125,000 characters. */
const MAX_BODY = 120_000;

export interface Classroom50Test {
  'test-name': string;
  passed: boolean;
  score: number;
  'max-score': number;
}

/** The v1 fields, in the documented order; optional ones only when known. */
export interface Classroom50Result {
  schema: typeof SCHEMA;
  classroom?: string;
  assignment?: string;
  assignment_type?: 'individual' | 'group';
  owner?: string;
  submission?: string;
  commit?: string;
  release?: string;
  review?: string;
  datetime: string;
  graded_at: string;
  score: number;
  'max-score': number;
  tests: Classroom50Test[];
}

/** The environment variables the docs' autograder templates read (os.environ[...]). */
export const REQUIRED_ENV = ['CLASSROOM', 'ASSIGNMENT', 'SUBMISSION_TAG', 'COMMIT_URL', 'RELEASE_URL'] as const;

/** YYYY-MM-DDTHH:MM:SSZ, the only form the schema accepts. */
export function utcSeconds(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

export function classroom50Result(r: GradeResult, env: ReportContext['env']): Classroom50Result {
  const get = (k: string) => (env[k] ? env[k] : undefined);
  const type = get('ASSIGNMENT_TYPE');
  const tests: Classroom50Test[] = r.exercises.flatMap((e) =>
    e.tests.map((t) => ({ 'test-name': `${e.id}/${t.name}`, passed: t.status === 'passed', score: Math.round(t.points), 'max-score': Math.round(t.maxPoints) })),
  );
  const at = utcSeconds(r.startedAt);
  const result: Classroom50Result = {
    schema: SCHEMA,
    classroom: get('CLASSROOM'),
    assignment: get('ASSIGNMENT'),
    assignment_type: type === 'individual' || type === 'group' ? type : undefined,
    owner: get('OWNER') ?? get('USERNAME'),
    submission: get('SUBMISSION_TAG'),
    commit: get('COMMIT_URL'),
    release: get('RELEASE_URL'),
    review: get('REVIEW_URL') ?? get('COMMIT_URL'),
    datetime: at,
    graded_at: at,
    score: tests.reduce((a, t) => a + t.score, 0),
    'max-score': tests.reduce((a, t) => a + t['max-score'], 0),
    tests,
  };
  // JSON.stringify drops undefined: fields the environment did not give are left out
  return result;
}

export function releaseBody(r: GradeResult): string {
  const out: string[] = [];
  const n = r.counts;
  out.push(`## ipclab: ${r.points}/${r.maxPoints} points`, '');
  const counts = [`${n.passed} passed`, `${n.failed} failed`];
  if (n.skipped) counts.push(`${n.skipped} not run`);
  if (n.error) counts.push(couldNotBeRun(n.error));
  out.push(counts.join(', '), '');
  const missing = missingProtections(r);
  if (missing.length) out.push(`### ⚠️ ${mdText(FALLBACK_HEADLINE)}`, '', fence(missing.map((m) => `- ${m}`).join('\n')), '');
  out.push(mdText(provenanceLine(r)), '');
  out.push('| | exercise | test | points |', '| --- | --- | --- | --- |');
  for (const e of r.exercises) {
    for (const t of e.tests) {
      const v = studentView(t);
      out.push(`| ${MARK[t.status]} | ${mdCell(e.id)} | ${mdCell(testLabel(v))} | ${t.points}/${t.maxPoints} |`);
    }
  }
  // details, in order, while they fit in a Release body
  const sections: string[] = [];
  for (const e of r.exercises) {
    if (e.build.log) sections.push(`### ${mdText(e.id)}: build\n\n${fence(clip(visible(e.build.log), MAX_BLOCK))}`);
    for (const t of e.tests) {
      if (t.status === 'passed') continue;
      const v = studentView(t);
      sections.push(`### ${MARK[t.status]} ${mdText(e.id)} / ${mdText(testLabel(v))} (${t.points}/${t.maxPoints})\n\n${blocksToMarkdown(studentBlocks(v), MAX_BLOCK)}`);
    }
  }
  const errors = errorLines(r.errors);
  if (errors.length) sections.unshift(`### ${COULD_NOT_FINISH_NOT_YOURS}\n\n${fence(errors.join('\n'))}`);
  let size = out.join('\n').length;
  for (const [i, s] of sections.entries()) {
    if (size + s.length + 2 > MAX_BODY) {
      out.push('', `(${sections.length - i} more sections left out: the Release body is full)`);
      break;
    }
    out.push('', s);
    size += s.length + 2;
  }
  return `${out.join('\n')}\n`;
}

export const classroom50Reporter: Reporter<'classroom50'> = {
  name: 'classroom50',
  description: 'Classroom 50 result.json (classroom50/result/v1) and release-body.md',
  render(r, ctx) {
    const result = classroom50Result(r, ctx.env);
    const missing = REQUIRED_ENV.filter((k) => !ctx.env[k]);
    return {
      files: { 'result.json': `${JSON.stringify(result, null, 2)}\n`, 'release-body.md': releaseBody(r) },
      stderr: missing.length ? `ipclab: classroom50: ${missing.join(', ')} not set, so result.json lacks those fields (Classroom 50's runner sets them)\n` : undefined,
    };
  },
};
