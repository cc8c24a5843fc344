// The one shape of a check that could not be made: counted, said with why, neither pass nor fail.
import type { Finding } from '../model.js';
import { plural } from './text.js';

export function notCheckedFinding(title: string, count: number, because: string): Finding {
  return { title, passed: true, notChecked: { count, because }, rationale: `not checked: ${because}` };
}

/** "3 checks not checked": the title of a count of checks that were not made. */
export function checksNotChecked(count: number, because: string): Finding {
  return notCheckedFinding(`${plural(count, 'check')} not checked`, count, because);
}
