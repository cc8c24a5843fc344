// How a wait condition is named to a student ("`server` to print the line "ready""): one entry
// per condition kind, typed so a declared condition without words does not compile. The harness
// decides when a condition holds (harness/run/conditions.ts); it never words one.
import { hexKey } from '../../harness/observe/snapshot.js';
import { parseKeyText } from '../../harness/observe/query.js';
import { refOf } from '../../harness/observe/refs.js';
import { describeRef } from './refs.js';
import { SYSV_KIND_NAMES } from '../../harness/observe/kinds.js';
import type { Condition, OutputCondition } from '../../harness/spec/types.js';

type Words = { [K in keyof Condition]-?: (c: NonNullable<Condition[K]>) => string };

const WORDS: Words = {
  all: (c) => c.map(describeCondition).join(' and '),
  any: (c) => c.map(describeCondition).join(' or '),
  output: describeOutput,
  exited: (name) => `\`${name}\` to exit`,
  path: (p) => `${p} to exist`,
  fifo: (p) => `a FIFO at ${p}`,
  sysv: (c) => {
    const kind = SYSV_KIND_NAMES[c.type];
    if (c.absent) return `the ${kind} with key ${hexKey(parseKeyText(c.key))} to be removed`;
    const extra = c.messages !== undefined ? ` to hold ${c.messages} message(s)` : c.attached !== undefined ? ` to be attached by ${c.attached} process(es)` : ' to exist';
    return `the ${kind} with key ${hexKey(parseKeyText(c.key))}${extra}`;
  },
  posix: (c) => `POSIX ${c.type} ${c.name} ${c.absent ? 'to be removed' : 'to exist'}`,
  stopped: (name) => `${describeRef(refOf(name))} to be stopped`,
  blocked: (c) => `${describeRef(refOf(c.process))} to block in ${c.call}()${c.on === undefined ? '' : ` on ${c.on}`}`,
};

/** What a wait waits for, after "the test waited 2.0 s for ". */
export function describeCondition(c: Condition): string {
  const k = (Object.keys(WORDS) as Array<keyof Condition>).find((x) => c[x]);
  return k ? (WORDS[k] as (x: unknown) => string)(c[k]) : 'a condition';
}

function describeOutput(c: OutputCondition): string {
  const what = c.line !== undefined ? `the line ${JSON.stringify(c.line)}` : c.contains !== undefined ? JSON.stringify(c.contains) : c.text_matches !== undefined ? `text matching /${c.text_matches}/` : `a line matching /${c.matches}/`;
  return `\`${c.stream}\` to print ${what}`;
}
