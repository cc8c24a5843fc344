// How each process of the test ended, or each the student's program started: an exit status or a signal.
import type { ExitCheck } from '../../harness/spec/types.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { excerpt } from './text.js';
import { namesTestOnly } from '../../harness/observe/ends.js';
import { namedEnds, runEnds } from '../ends.js';
import { refWords } from './evidence.js';
import { notCheckedFinding } from './not-checked.js';
import { neverCame, startStep } from './moment.js';
import { actualEnd, endTitle, expectedEnd, neverStarted, stoppedByHarness } from '../wording.js';

export function checkExit(c: ExitCheck, ctx: CheckContext, title?: string): Finding[] {
  const end = c.signal !== undefined ? { signal: normalSignal(c.signal) } : { code: c.code };
  const want = expectedEnd(end);
  if (!namesTestOnly(c.process, ctx.tests)) return [forkedExit(c, ctx, title)];
  const all = ctx.instances(c.process);
  // instances that never started are not checked, and counted once, not one ✘ each
  const unstarted = all.filter((p) => p.pid === undefined && !p.execError);
  const counted = all.length > 1 && unstarted.length > 0 ? [notStarted(ctx, c.process, unstarted.length, all.length)] : [];
  return [...counted, ...all.filter((p) => !counted.length || !unstarted.includes(p)).map((p): Finding => {
    const t = title ?? `\`${p.label}\` ${endTitle(end)}`;
    const stderr = ctx.obs.streams[`${p.label}.stderr`]?.head.toString() ?? '';
    if (p.execError) return { title: t, passed: false, rationale: p.execError };
    if (p.pid === undefined) return { title: t, passed: false, rationale: neverStarted(p.label) };
    // stopped because the run already failed (out of time, a limit): the test's reason says that once
    if (ctx.obs.termination && (!p.exit || (p.killedBy !== undefined && p.killedBy !== 'test'))) return stoppedWithRun(p.label, ctx);
    if (!p.exit || (p.killedBy !== undefined && p.killedBy !== 'test')) {
      return { title: t, passed: false, rationale: stoppedByHarness(p.label, p.killedBy ?? 'still running') };
    }
    const ok = c.signal !== undefined ? p.exit.signal === normalSignal(c.signal) : p.exit.code === c.code;
    if (ok) return { title: t, passed: true };
    const got = actualEnd(p.exit);
    return {
      title: t,
      passed: false,
      expected: want.replace(/^to /, ''),
      actual: got,
      rationale: `expected \`${p.label}\` ${want}, but it ${got}${stderr.trim() ? `; its stderr said: ${excerpt(stderr.trim(), 300)}` : ''}`,
    };
  })];
}

/**
 * How the processes the student's program started ended: one finding for all the reference names
 * (how many there are is the student's), from the init's orphan reports and the trace.
 */
function forkedExit(c: ExitCheck, ctx: CheckContext, title?: string): Finding {
  const end = c.signal !== undefined ? { signal: normalSignal(c.signal) } : { code: c.code };
  const want = expectedEnd(end);
  const who = refWords(c.process);
  const t = title ?? `${who}${who.includes(', a ') ? ',' : ''} ${endTitle(end)}`; // "`add2`, a child of `main`, exits …"
  const ends = namedEnds(c.process, runEnds(ctx.obs));
  if (!ends.length) return { title: t, passed: false, rationale: `${who} never ran` };
  for (const e of ends) {
    if (e.alive && ctx.obs.termination) return stoppedWithRun(e.words, ctx);
    if (e.alive) return { title: t, passed: false, rationale: `${e.words} was still running when the test ended` };
    // validation asks for a trace: without one, a status only the parent's wait saw
    if (!e.exit) return { title: t, passed: false, internal: true, rationale: `ipclab could not tell how ${e.words} ended: its parent waited for it, and the run has no trace of that` };
    const ok = end.signal !== undefined ? e.exit.signal === end.signal : e.exit.code === end.code;
    if (!ok) return { title: t, passed: false, expected: want.replace(/^to /, ''), actual: actualEnd(e.exit), rationale: `expected ${e.words} ${want}, but it ${actualEnd(e.exit)}` };
  }
  return { title: t, passed: true };
}

function notStarted(ctx: CheckContext, name: string, n: number, total: number): Finding {
  const failedAt = ctx.obs.termination?.step;
  const why = failedAt !== undefined && startStep(ctx.test, name) > failedAt ? neverCame(ctx.test, failedAt, ctx.vars) : undefined;
  const because = `${n} of ${total} \`${name}\` processes were never started${why ? `, because ${why}` : ' (an earlier step failed)'}`;
  return notCheckedFinding(`how ${n} \`${name}\` processes ended`, n, because);
}

/** How a process ended cannot be checked when the test stopped it on giving up: not checked, never a second ✘. */
function stoppedWithRun(label: string, ctx: CheckContext): Finding {
  const t = ctx.obs.termination!;
  const when = t.reason === 'timeout' || t.reason === 'step-timeout' ? 'when the test gave up (above)' : `when the run hit its ${t.reason.replace('-', ' ')} (above)`;
  const who = label.startsWith('`') ? label : `\`${label}\``;
  const because = `${who} was still running ${when}, so the test stopped it`;
  return notCheckedFinding(`how ${who} ended`, 1, because);
}

export function normalSignal(s: string): string {
  return s.startsWith('SIG') ? s : `SIG${s}`;
}

export const exitCheck: CheckKind<'exit'> = {
  run: checkExit,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['process'],
    properties: {
      process: { type: 'string', description: 'A process of the test, or a process reference (a program, "child of main"): one the student\'s program starts needs `trace: true`.' },
      code: { type: 'integer', minimum: 0, maximum: 255 },
      signal: { type: 'string' },
    },
    description: 'Every instance (every process the reference names) exited with this status, or was killed by this signal.',
  },
};
