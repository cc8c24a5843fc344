// One registry from expectation kind to check function; plus the checks every test gets.
import type { Check, TestSpec } from '../../harness/spec/types.js';
import type { Observation } from '../../harness/run/observation.js';
import type { Finding } from '../model.js';
import { makeContext, type CheckContext } from './context.js';
import { checkExit } from './exit.js';
import { checkOutput } from './output.js';
import { checkBlocked, checkFiles, checkPosix, checkSysv } from './ipc.js';
import { leftoverWords } from '../wording.js';

type CheckFn = (c: never, ctx: CheckContext, title?: string) => Finding[];
const REGISTRY: Record<string, CheckFn> = {
  exit: checkExit as CheckFn,
  output: checkOutput as CheckFn,
  sysv: checkSysv as CheckFn,
  posix: checkPosix as CheckFn,
  blocked: checkBlocked as CheckFn,
  files: checkFiles as CheckFn,
};

export function runChecks(test: TestSpec, obs: Observation): Finding[] {
  const ctx = makeContext(obs, test);
  const findings: Finding[] = [];
  for (const p of obs.processes) {
    if (p.execError) findings.push({ title: `\`${p.label}\` starts`, passed: false, rationale: p.execError });
  }
  for (const check of test.checks) {
    const kind = (Object.keys(check) as Array<keyof Check>).find((k) => k !== 'title')!;
    const fn = REGISTRY[kind];
    try {
      findings.push(...fn(check[kind] as never, ctx, check.title));
    } catch (err) {
      findings.push({ title: check.title ?? kind, passed: false, rationale: `this check could not be evaluated: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  if (test.cleanup !== false && !obs.termination) {
    if (obs.leftovers.length) {
      const words = leftoverWords(obs.leftovers);
      findings.push({
        title: 'nothing is left behind',
        passed: false,
        rationale: words.map((l) => `${l.description}${l.creator ? ` (created by \`${l.creator}\`)` : ''}`).join('; '),
        hint: [...new Set(words.map((l) => l.remedy))].join('; '),
      });
    } else findings.push({ title: 'nothing is left behind', passed: true });
  }
  return findings;
}
