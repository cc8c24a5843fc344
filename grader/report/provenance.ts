// What every report says, briefly, about how a grade was made: the ipclab and Node that made it,
// the isolation and its gaps, the specs' hashes and the bounds (GradeResult.provenance), so that
// a regrade or an appeal can check it is grading the same way. All of it is ipclab's own text.
import type { GradeResult } from '../model.js';

/** A spec hash as the footers show it: enough to tell two specs apart at a glance. */
const SHORT_HASH = 12;

/** The headline above the list of missing protections of a fallback grading. */
export const FALLBACK_HEADLINE = 'Graded without isolation (fallback mode); what an isolated grading has and this one did not:';

/** Each protection this grading did without (empty unless fallback mode). */
export function missingProtections(r: GradeResult): string[] {
  if (r.isolation.mode !== 'fallback') return [];
  return r.isolation.missing?.length ? r.isolation.missing : ['no namespaces: the missing protections were not recorded'];
}

/** One line: "ipclab 1.2.0 on Node v20.20.0 · isolation root · specs pipe-copy 3f2a…". */
export function provenanceLine(r: GradeResult): string {
  const parts = [`ipclab ${r.tool.version}${r.provenance ? ` on Node ${r.provenance.node}` : ''}`, `isolation ${r.isolation.kind ?? r.isolation.mode}`];
  const specs = r.provenance?.specs ?? [];
  if (specs.length) parts.push(`spec sha256 ${specs.map((s) => `${s.exercise} ${s.sha256.slice(0, SHORT_HASH)}`).join(', ')}`);
  return parts.join(' · ');
}

/** The bounds in force, one line ("" when the result does not record them). */
export function boundsLine(r: GradeResult): string {
  const bounds = r.provenance?.bounds ?? [];
  return bounds.length ? `bounds: ${bounds.join('; ')}` : '';
}
