// The sequence diagram as lines of text in time order (for `--verbose`): each arrow, mark, stop,
// exit and object lifetime that report/sequence-svg.ts draws, one line each. Labels are the
// Sequence's, made visible by the student view; the terminal puts further lines behind the gutter.
import type { Sequence } from '../model.js';
import { arrowWord, exitWords, ordinaryExit, TEST_LANE } from './sequence-svg.js';

export interface SequenceLine {
  ms: number;
  text: string;
  /** A failure the student should look at. */
  bad: boolean;
}

export function sequenceLines(seq: Sequence): SequenceLine[] {
  const label = new Map(seq.lanes.map((l) => [l.id, l.label]));
  const who = (id: string) => (id === TEST_LANE && !label.has(id) ? 'the test' : label.get(id) ?? id);
  const out: SequenceLine[] = [];
  const add = (ms: number, text: string, bad = false) => out.push({ ms, text, bad });
  for (const a of seq.arrows) add(a.startMs, `${who(a.from)} → ${who(a.to)}  ${arrowWord(a.kind)} ${a.label}`);
  // an output line the test read is already its arrow; an object's creation is already its lifetime
  const arrowed = new Set(seq.arrows.filter((a) => a.kind === 'stdout').map((a) => `${a.from}@${a.startMs}`));
  const created = new Set(seq.objects.flatMap((o) => [o.startMs, o.endMs].filter((t): t is number => t !== undefined)));
  for (const m of seq.marks) {
    if ((m.kind === 'output' && arrowed.has(`${m.lane}@${m.ms}`)) || (m.kind === 'ipc' && created.has(m.ms))) continue;
    add(m.ms, `${who(m.lane)}: ${m.label}`, m.bad === true);
  }
  const exitMarked = new Set(seq.marks.filter((m) => m.kind === 'exit').map((m) => m.lane));
  for (const l of seq.lanes) {
    for (const [a, b] of l.stopped) add(a, `${l.label}: stopped until ${b.toFixed(1)} ms`);
    if (l.exit && l.endMs !== undefined && !exitMarked.has(l.id)) add(l.endMs, `${l.label}: ${exitWords(l.exit)}${l.exit.expected ? ' (as expected)' : ''}`, !ordinaryExit(l.exit));
  }
  for (const o of seq.objects) {
    if (o.startMs !== undefined) add(o.startMs, `${o.label}: created`);
    if (o.leftover) add(o.endMs ?? seq.endMs, `${o.label}: left behind`, true);
    else if (o.endMs !== undefined) add(o.endMs, `${o.label}: removed`);
  }
  // stable: at one time, arrows before marks before lifetimes, as pushed
  return out.map((l, i) => ({ l, i })).sort((a, b) => a.l.ms - b.l.ms || a.i - b.i).map(({ l }) => l);
}
