// The pass over a test's findings that a single check cannot make: outputs that went to the wrong
// process, instances of a process that failed the same way, and a cause already named once.
// Checks leave facts about their findings here (recordOutput, recordAgain); the facts are keyed by
// the Finding object, so they never reach the result model.
import type { Finding } from '../model.js';
import type { CheckContext } from './context.js';
import { excerpt } from './text.js';

interface OutputFacts { name: string; label: string; want: string; got: string }

const outputs = new WeakMap<Finding, OutputFacts>();
const agains = new WeakMap<Finding, string>();
const whys = new WeakMap<Finding, string>();

/** A failed output check: which process, what it should have printed and what it printed. */
export function recordOutput(f: Finding, facts: OutputFacts): Finding {
  outputs.set(f, facts);
  return f;
}

/** The words for this finding's cause when an earlier finding of the test already named it. */
export function recordAgain(f: Finding, again: string | undefined): Finding {
  if (again) agains.set(f, again);
  return f;
}

/** The same facts for a copy of a finding (the check's why added, …), and that why. */
export function sameFacts(from: Finding, to: Finding, why?: string): Finding {
  if (why) whys.set(to, why);
  const o = outputs.get(from);
  if (o) outputs.set(to, o);
  const a = agains.get(from);
  if (a) agains.set(to, a);
  return to;
}

const LISTED = 4;

/**
 * Processes that printed what another one should have (a permutation of the expected outputs):
 * one finding, where the first of them was, for all of them. Two at least: one alone may be chance.
 */
export function crossedOutputs(findings: Finding[], ctx: CheckContext): Finding[] {
  const failed = findings.filter((f) => !f.passed && outputs.has(f));
  const meantFor = (f: Finding) => {
    const o = outputs.get(f)!;
    return failed.find((g) => g !== f && outputs.get(g)!.want === o.got && outputs.get(g)!.want !== o.want);
  };
  // only closed cycles (a got b's, b got a's): a chain (a got b's, b got c's, c got something
  // else) is what numbers shifted by one look like, not messages taken by the wrong process
  const onCycle = (f: Finding) => {
    let g = meantFor(f);
    for (let n = 0; g && n < failed.length; n++, g = meantFor(g)) if (g === f) return true;
    return false;
  };
  const crossed = failed.filter(onCycle).map((f) => ({ f, o: outputs.get(f)!, other: outputs.get(meantFor(f)!)! }));
  if (crossed.length < 2) return findings;
  const names = [...new Set(crossed.map((c) => c.o.name))];
  const shown = (label: string) => `\`${label.replace(/\.stderr$/, '')}\``;
  const pairs = crossed.slice(0, LISTED).map((c) => `${shown(c.o.label)} got what was meant for ${shown(c.other.label)} (${excerpt(JSON.stringify(c.o.got.trimEnd()), 80)})`);
  const more = crossed.length > LISTED ? `, and ${crossed.length - LISTED} more` : '';
  const total = names.length === 1 ? ctx.instances(names[0]).length : 0;
  const who = `messages went to the wrong processes${total > 1 ? ` (${crossed.length} of ${total} \`${names[0]}\` processes got what was meant for another \`${names[0]}\`)` : ''}`;
  const summary: Finding = {
    title: total > 1 ? `each \`${names[0]}\` gets what was meant for it` : `${crossed.map((c) => shown(c.o.label)).join(', ')} each get what was meant for them`,
    passed: false,
    cause: 'wrong-recipient',
    rationale: `${who}: ${pairs.join('; ')}${more}; each must be addressed so that only the process it is meant for can take it${sharedWhy(crossed.map((c) => c.f))}`,
    // the evidence, last and bounded: the first of them
    ...(crossed[0].f.diff ? { diff: crossed[0].f.diff } : {}),
  };
  const drop = new Set(crossed.map((c) => c.f));
  const at = findings.indexOf(crossed[0].f);
  return findings.flatMap((f, i) => (i === at ? [summary] : drop.has(f) ? [] : [f]));
}

/** The contract's sentence the findings all carry, said once after the summary. */
function sharedWhy(list: Finding[]): string {
  const said = new Set(list.map((f) => whys.get(f)));
  const [why] = [...said];
  return said.size === 1 && why ? `; ${why}` : '';
}

/**
 * The instances of one check (a replicated process: `client[0]` … `client[9]`) that failed the
 * same way: one finding that counts them, not one per instance.
 */
export function sameFailures(findings: Finding[], ctx: CheckContext): Finding[] {
  const groups = new Map<string, { label: string; name: string; list: Finding[] }>();
  for (const f of findings) {
    const label = f.passed || f.notChecked ? undefined : /`([^`\s]+)\[(\d+)\]`/.exec(f.title);
    if (!label) continue;
    const key = sameness(f, label[0]);
    const g = groups.get(key) ?? { label: label[0], name: label[1], list: [] };
    g.list.push(f);
    groups.set(key, g);
  }
  const summaries = new Map<Finding, Finding>();
  const drop = new Set<Finding>();
  for (const g of groups.values()) {
    if (g.list.length < 2) continue;
    const [first, ...rest] = g.list;
    rest.forEach((f) => drop.add(f));
    const total = ctx.instances(g.name).length;
    const labels = g.list.map((f) => /`[^`\s]+\[\d+\]`/.exec(f.title)![0]);
    const listed = `${labels.slice(0, LISTED).join(', ')}${labels.length > LISTED ? ` and ${labels.length - LISTED} more` : ''}`;
    const said = (first.rationale ?? first.title).replaceAll(g.label, `\`${g.name}\``);
    summaries.set(first, { ...first, rationale: `the same failure in ${g.list.length} of ${total} \`${g.name}\` processes (${listed}): ${said}` });
  }
  return findings.flatMap((f) => (drop.has(f) ? [] : [summaries.get(f) ?? f]));
}

/** Findings alike but for the instance they are about. */
function sameness(f: Finding, label: string): string {
  const strip = (s?: string) => (s ?? '').replaceAll(label, '\0');
  // an exit's expected/actual say it all; its stderr may name the pid
  if (f.expected !== undefined && f.actual !== undefined && !f.diff) return ['ea', strip(f.title), f.expected, f.actual].join('\u0001');
  return ['r', strip(f.rationale), strip(f.actual), f.cause ?? ''].join('\u0001');
}

/** A cause named by an earlier finding of the test is said again briefly, not in full. */
export function oncePerCause(findings: Finding[]): Finding[] {
  const named = new Set<string>();
  return findings.map((f) => {
    if (f.passed || !f.cause) return f;
    const again = agains.get(f);
    if (!named.has(f.cause)) {
      named.add(f.cause);
      return f;
    }
    return again ? { ...f, rationale: again } : f;
  });
}
