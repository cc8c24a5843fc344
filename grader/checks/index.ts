// One registry from expectation kind to check function; plus the checks every test gets.
import type { CheckKindName, CheckSpecs, TestSpec } from '../../harness/spec/types.js';
import { isCheckKind } from '../../harness/spec/check-refs.js';
import type { Observation } from '../../harness/run/observation.js';
import type { Finding } from '../model.js';
import { makeContext, type CheckContext } from './context.js';
import type { CheckKind } from './kind.js';
import { exitCheck } from './exit.js';
import { outputCheck } from './output.js';
import { sysvCheck } from './sysv.js';
import { posixCheck } from './posix.js';
import { blockedCheck } from './blocked.js';
import { filesCheck } from './files.js';
import { childrenCheck } from './children.js';
import { pipeCheck } from './pipe.js';
import { fdsCheck } from './fds.js';
import { mappingCheck } from './mapping.js';
import { wroteCheck } from './wrote.js';
import { traceCheck } from './trace.js';
import { exitOrderCheck } from './exit-order.js';
import { withWhy } from './evidence.js';
import { neverCame, startStep } from './moment.js';
import { crossedOutputs, oncePerCause, sameFacts, sameFailures } from './groups.js';
import { leftoverWords, type LeftoverWords } from '../wording.js';
import { pidRefs } from '../../harness/spec/template.js';
import { checksNotChecked } from './not-checked.js';

/** Every kind in CheckSpecs, or this does not compile; in the order of exercises/schema.json. */
export const CHECKS: { [K in CheckKindName]: CheckKind<K> } = {
  exit: exitCheck,
  output: outputCheck,
  sysv: sysvCheck,
  posix: posixCheck,
  blocked: blockedCheck,
  files: filesCheck,
  children: childrenCheck,
  pipe: pipeCheck,
  fds: fdsCheck,
  mapping: mappingCheck,
  wrote: wroteCheck,
  trace: traceCheck,
  exit_order: exitOrderCheck,
};

function runKind<K extends CheckKindName>(kind: K, spec: CheckSpecs[K], ctx: CheckContext, title?: string): Finding[] {
  return CHECKS[kind].run(spec, ctx, title);
}

export function runChecks(test: TestSpec, obs: Observation): Finding[] {
  const ctx = makeContext(obs, test);
  const findings: Finding[] = [];
  const notChecked: string[] = [];
  let unreached = 0;
  for (const p of obs.processes) {
    if (p.execError) findings.push({ title: `\`${p.label}\` starts`, passed: false, rationale: p.execError });
  }
  for (const check of test.checks) {
    const kind = Object.keys(check).find((k) => k !== 'title' && k !== 'why')!;
    const unstarted = unstartedProcess(check[kind as CheckKindName], test, obs);
    if (unstarted) {
      notChecked.push(unstarted);
      continue;
    }
    if (unreachedSample(check[kind as CheckKindName], test, obs)) {
      unreached++;
      continue;
    }
    try {
      if (!isCheckKind(kind)) throw new Error(`no check kind "${kind}"`);
      const list = runKind(kind, check[kind]!, ctx, check.title).map((f) => sameFacts(f, withWhy(f, check.why), check.why));
      findings.push(...sameFailures(crossedOutputs(list, ctx), ctx));
    } catch (err) {
      findings.push({ title: check.title ?? kind, passed: false, internal: true, rationale: `ipclab could not evaluate this check (a fault of the grader, not of your program): ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  if (notChecked.length) findings.push(notCheckedSummary(notChecked, test, obs));
  if (unreached) findings.push(unreachedSummary(unreached, test, obs));
  // outputs crossed between different processes, each checked on its own; a cause said once
  findings.splice(0, findings.length, ...oncePerCause(crossedOutputs(findings, ctx)));
  if (test.cleanup !== false && !obs.termination) {
    if (obs.leftovers.length) {
      const words = leftoverWords(obs.leftovers);
      findings.push({
        title: 'nothing is left behind',
        passed: false,
        rationale: words.map(leftoverLine).join('; '),
        hint: [...new Set(words.map((l) => l.remedy))].join('; '),
      });
    } else findings.push({ title: 'nothing is left behind', passed: true });
  }
  return findings;
}

/** One thing left behind, saying so and by whom (objects: the process that created them). */
function leftoverLine(l: LeftoverWords): string {
  if (/ left behind/.test(l.description)) return l.description;
  return `${l.description} was left behind${l.creator ? ` by \`${l.creator}\`, which created it` : ''}`;
}

/**
 * A process the check is about — its `process` or `stream`, or a ${pid:…} in it — of which no
 * instance started: there is nothing to check.
 */
function unstartedProcess(spec: unknown, test: TestSpec, obs: Observation): string | undefined {
  const named = spec && typeof spec === 'object' ? (spec as { process?: unknown; stream?: unknown }).process ?? (spec as { stream?: unknown }).stream : undefined;
  const neverStarted = (name: string): boolean => {
    const procs = obs.processes.filter((p) => p.name === name || p.label === name);
    return procs.length > 0 && procs.every((p) => p.pid === undefined);
  };
  // a stream is unchecked only when none of its writers started
  const writers = typeof named === 'string' ? writersOf(named.replace(/\.(stdout|stderr)$/, ''), test) : [];
  if (writers.length && writers.every(neverStarted)) return writers[0];
  return pidRefs(spec).find(neverStarted);
}

/** A check of a moment (`sample:`) the script never reached: the run stopped at an earlier step. */
function unreachedSample(spec: unknown, test: TestSpec, obs: Observation): boolean {
  const sample = spec && typeof spec === 'object' ? (spec as { sample?: unknown }).sample : undefined;
  const failedAt = obs.termination?.step;
  if (typeof sample !== 'string' || obs.samples[sample] || failedAt === undefined) return false;
  return (test.script ?? []).findIndex((s) => s.sample === sample) > failedAt;
}

function unreachedSummary(n: number, test: TestSpec, obs: Observation): Finding {
  const why = neverCame(test, obs.termination?.step, obs.vars);
  const because = `the test stopped before the moment ${n === 1 ? 'it looks' : 'they look'} at${why ? `, because ${why}` : ''}`;
  return checksNotChecked(n, because);
}

/** The processes behind a stream: the one of that name, or those whose stdout/stderr the test named so (`stdout: clients`). */
function writersOf(stream: string, test: TestSpec): string[] {
  if (test.processes[stream]) return [stream];
  const writers = Object.entries(test.processes).filter(([, p]) => p.stdout === stream || p.stderr === stream).map(([name]) => name);
  return writers.length ? writers : [stream];
}

/** One line for every check that could not be made, counted: never a ✘. */
function notCheckedSummary(labels: string[], test: TestSpec, obs: Observation): Finding {
  const names = [...new Set(labels)];
  const who = names.length === 1 ? `\`${names[0]}\` was` : `${names.map((n) => `\`${n}\``).join(', ')} were`;
  // the wait that never came true before their start, when the script stopped there
  const failedAt = obs.termination?.step;
  const why = failedAt !== undefined && names.every((n) => startStep(test, n) > failedAt) ? neverCame(test, failedAt, obs.vars) : undefined;
  const because = `${who} never started${why ? `, because ${why}` : ''}`;
  const n = labels.length;
  return checksNotChecked(n, because);
}
