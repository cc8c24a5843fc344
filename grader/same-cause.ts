// When two tests of one grading failed the same way: their diagnoses compared as facts (what
// kinds of wait, which processes by name, which objects by role), not as worded text, whose CPU
// seconds, byte counts, pids, keys and folders differ from run to run of the same bug.
import type { BlockedOn, Diagnosis, ProcessDiagnosis, ProcessIdentity } from '../harness/observe/diagnose.js';

/** A diagnosis without what differs between runs of the same bug; equal shapes are one cause. */
export function diagnosisShape(d: Diagnosis): string {
  return JSON.stringify({
    standstill: d.standstill,
    cycle: d.cycle?.map((c) => [nameOf(c.who), nameOf(c.waitsFor)]),
    machineStarved: !!d.machineStarved,
    processes: d.processes.map(processShape),
  });
}

/** A process by its name in the test ("client", whichever instance), else its program and its parent's. */
function nameOf(w: ProcessIdentity): string {
  if (w.label) return w.label.replace(/\[\d+\]$/, '');
  return `${w.program} < ${w.parent ? w.parent.label?.replace(/\[\d+\]$/, '') ?? w.parent.program : ''}`;
}

function processShape(p: ProcessDiagnosis): unknown[] {
  return [nameOf(p.who), p.state, p.call ?? '', p.cpu?.kind ?? '', p.on ? onShape(p.on) : '', p.node ? [p.node.eventLoop, p.node.signalsUnhandled] : ''];
}

/** What a process waits on by its role: a pipe's or FIFO's end and who holds the other, a queue's direction; not its id, key, path or fill. */
function onShape(on: BlockedOn): unknown[] {
  switch (on.kind) {
    case 'channel': return [on.kind, on.channel, on.reading, on.fd, on.holders.map((h) => [h.self ? 'self' : nameOf(h.who), h.fd])];
    case 'msg': case 'posix-mq': return [on.kind, on.send];
    case 'futex': return [on.kind, on.object?.kind ?? ''];
    case 'fifo-open': return [on.kind, on.access ?? ''];
    default: return [on.kind];
  }
}
