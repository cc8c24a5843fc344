// When a sample was taken, in what happened before it ("once `server` printed the line "ready""),
// never by the sample's id: the id is the spec's name, not the student's.
import { describeCondition } from '../wording/conditions.js';
import type { Step, TestSpec } from '../../harness/spec/types.js';
import { TemplateError, templateDeep, type Vars } from '../../harness/spec/template.js';

/** The harness's "… to <verb>" of a wait, said as done. */
const PAST: Array<[RegExp, string]> = [
  [/ to print /g, ' printed '],
  [/ to block in /g, ' was blocked in '],
  [/ to be stopped/g, ' was stopped'],
  [/ to exit/g, ' had exited'],
  [/ to be removed/g, ' was removed'],
  [/ to exist/g, ' existed'],
  [/ to hold /g, ' held '],
  [/ to be attached by /g, ' was attached by '],
];

/** "when the test looked, once …": the wait that came last before the sample step. */
export function moment(test: TestSpec, sample: string, vars: Vars = {}): string {
  const steps: Step[] = test.script ?? [];
  const at = steps.findIndex((s) => s.sample === sample);
  const raw = steps.slice(0, Math.max(at, 0)).reverse().find((s) => s.wait)?.wait;
  if (at < 0 || !raw) return 'at the moment the test looked';
  const wait = expanded(raw, vars);
  const said = describeCondition(wait);
  const past = PAST.reduce((s, [re, to]) => s.replace(re, to), said);
  return past === said ? `when the test looked, after waiting for ${said}` : `when the test looked, once ${past}`;
}

/** The wait as the run had it (${dir}, ${pid:…} filled in); as written when a variable is unknown. */
function expanded<T>(wait: T, vars: Vars): T {
  try {
    return templateDeep(wait, vars);
  } catch (err) {
    if (err instanceof TemplateError) return wait;
    throw err;
  }
}

/** The harness's "… to <verb>" of a wait, said as never done. */
const NEVER: Array<[RegExp, string]> = [
  [/ to print /g, ' never printed '],
  [/ to block in /g, ' never blocked in '],
  [/ to be stopped/g, ' was never stopped'],
  [/ to exit/g, ' never exited'],
  [/ to exist/g, ' never existed'],
];

/**
 * Why a step after `failedAt` never came: the wait there did not come true ("`server` never
 * printed the line "ready""). Undefined when the step that failed was not a wait.
 */
export function neverCame(test: TestSpec, failedAt: number | undefined, vars: Vars = {}): string | undefined {
  const raw = failedAt === undefined ? undefined : test.script?.[failedAt]?.wait;
  if (!raw || raw.all || raw.any) return undefined;
  const wait = expanded(raw, vars);
  const said = describeCondition(wait);
  const never = NEVER.reduce((s, [re, to]) => s.replace(re, to), said);
  return never === said ? `the test was still waiting for ${said}` : never;
}

/** The index of the script step that starts this process. */
export function startStep(test: TestSpec, name: string): number {
  return (test.script ?? []).findIndex((s) => s.start !== undefined && (Array.isArray(s.start) ? s.start : [s.start]).includes(name));
}
