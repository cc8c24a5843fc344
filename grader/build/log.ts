// The build log a student reads: per step, the compiler's errors first, with file:line, trimmed.
import type { BuildStep } from './plan.js';
import type { StepOutcome } from './sandboxed-run.js';

/** The log entry of one step: its failure, or its warnings; nothing for a clean success. */
export function stepLog(step: BuildStep, outcome: StepOutcome, exercise: string): string | undefined {
  const line = step.shown ?? step.argv.join(' ');
  if (!outcome.ok) return `${line} failed (${outcome.why}):\n${briefCompilerOutput(outcome.output, exercise)}`;
  if (/warning:/.test(outcome.output)) return `${line}:\n${briefCompilerOutput(outcome.output, exercise)}`;
  return undefined;
}

/** Errors first, with file:line, a dozen lines at most. */
export function briefCompilerOutput(out: string, exercise: string): string {
  const lines = out.split('\n').filter((l) => l.trim());
  const important = lines.filter((l) => /(error|warning):/.test(l));
  const pick = (important.length ? important : lines).slice(0, 12);
  const more = (important.length ? important : lines).length - pick.length;
  return pick.map((l) => `  ${l.startsWith(exercise) ? l : l.replace(/^(?=[\w.-]+\.c:\d)/, `${exercise}/`)}`).join('\n') + (more > 0 ? `\n  … and ${more} more` : '');
}
