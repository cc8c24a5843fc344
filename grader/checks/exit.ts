// How each process of the test ended: an exit status or a signal.
import type { ExitCheck } from '../../harness/spec/types.js';
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { excerpt } from './text.js';

export function checkExit(c: ExitCheck, ctx: CheckContext, title?: string): Finding[] {
  const want = c.signal !== undefined ? `to be killed by ${normalSignal(c.signal)}` : `to exit with status ${c.code}`;
  return ctx.instances(c.process).map((p) => {
    const t = title ?? `\`${p.label}\` ${c.signal !== undefined ? `is killed by ${normalSignal(c.signal)}` : `exits with status ${c.code}`}`;
    const stderr = ctx.obs.streams[`${p.label}.stderr`]?.head.toString() ?? '';
    if (p.execError) return { title: t, passed: false, rationale: p.execError };
    if (p.pid === undefined) return { title: t, passed: false, rationale: `\`${p.label}\` was never started (an earlier step failed)` };
    if (!p.exit || p.killedBy === 'timeout' || p.killedBy === 'teardown' || p.killedBy === 'output-limit') {
      return { title: t, passed: false, rationale: `\`${p.label}\` did not exit by itself: the harness stopped it (${p.killedBy ?? 'still running'})` };
    }
    const ok = c.signal !== undefined ? p.exit.signal === normalSignal(c.signal) : p.exit.code === c.code;
    if (ok) return { title: t, passed: true };
    const got = p.exit.signal !== undefined ? `was killed by ${p.exit.signal}${signalHint(p.exit.signal)}` : `exited with status ${p.exit.code}`;
    return {
      title: t,
      passed: false,
      expected: want.replace(/^to /, ''),
      actual: got,
      rationale: `expected \`${p.label}\` ${want}, but it ${got}${stderr.trim() ? `; its stderr said: ${excerpt(stderr.trim(), 300)}` : ''}`,
    };
  });
}

export function normalSignal(s: string): string {
  return s.startsWith('SIG') ? s : `SIG${s}`;
}

function signalHint(sig: string): string {
  switch (sig) {
    case 'SIGSEGV': return ' (a segmentation fault: an invalid memory access)';
    case 'SIGPIPE': return ' (it wrote to a pipe that nobody reads any more)';
    case 'SIGABRT': return ' (abort(), often a failed assert or a corrupted heap)';
    case 'SIGXCPU': return ' (it used up its CPU time limit)';
    case 'SIGBUS': return ' (a bus error: e.g. touching a mapping past the end of its file)';
    default: return '';
  }
}

export const exitCheck: CheckKind<'exit'> = {
  run: checkExit,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['process'],
    properties: {
      process: { type: 'string' },
      code: { type: 'integer', minimum: 0, maximum: 255 },
      signal: { type: 'string' },
    },
    description: 'Every instance exited with this status, or was killed by this signal.',
  },
};
