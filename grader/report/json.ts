import type { GradeResult } from '../model.js';

/** The JSON report is the result model itself (see docs/result-model.md); `version` says its shape. */
export function renderJson(result: GradeResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
