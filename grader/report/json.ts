import type { GradeResult } from '../model.js';
import type { Reporter } from './types.js';
import { visibleDeep } from './untrusted.js';

/**
 * The JSON report is the result model itself (see docs/result-model.md); `version` says its shape.
 * Its texts are visible as in every other format (report/untrusted.ts): a tool that shows them
 * shows no control character of the student's.
 */
export function renderJson(result: GradeResult): string {
  return `${JSON.stringify(visibleDeep(result), null, 2)}\n`;
}

export const jsonReporter: Reporter<'json'> = {
  name: 'json',
  description: 'the full result model (result.json)',
  render: (r) => ({ files: { 'result.json': renderJson(r) } }),
};
