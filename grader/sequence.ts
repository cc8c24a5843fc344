// The sequence diagram's data (model.ts Sequence) from one run's Observation: lanes for the
// test's processes and the others it saw, marks from the timeline, and, when the run was traced,
// arrows for bytes, messages and signals between them and object lifetimes. Facts only, bounded.
import { SYSV_KIND_NAMES } from '../harness/observe/kinds.js';
import type { Observation, ProcessObservation, TimelineEvent } from '../harness/run/observation.js';
import type { TestSpec } from '../harness/spec/types.js';
import { programName } from '../harness/observe/refs.js';
import { channelFlows, messageFlows, streamWriters, type Chunk } from '../harness/observe/flows.js';
import type { TraceCall, TraceEvent } from '../harness/observe/trace.js';
import { shown } from '../harness/init/codec.js';
import type { Finding, Sequence, SequenceArrow, SequenceLane, SequenceMark, SequenceObject } from './model.js';
import { fifoPaths, isCall, ownerOf, streamPipes, traceInventory, traceTree, type TraceTree } from './trace-facts.js';
import { timelineText } from './wording.js';
import { describeObject } from './wording/objects.js';
import { eventProcess, fedInput, sendWords } from './wording/timeline.js';

/** At most this many arrows and this many marks; past it, a note says how many were left out. */
export const SEQUENCE_LIMIT = 200;
export const TEST_LANE = 'test';

interface Builder {
  obs: Observation;
  lanes: Map<string, SequenceLane>;
  /** Lane id of each pid the run knows. */
  byPid: Map<number, string>;
  arrows: SequenceArrow[];
  marks: SequenceMark[];
  objects: SequenceObject[];
  notes: string[];
}

export function buildSequence(obs: Observation, test: TestSpec, findings: Finding[]): Sequence {
  const b: Builder = { obs, lanes: new Map(), byPid: new Map(), arrows: [], marks: [], objects: [], notes: [] };
  b.lanes.set(TEST_LANE, { id: TEST_LANE, label: 'the test', stopped: [] });
  for (const p of obs.processes) testLane(b, p, test);
  const tree = obs.trace ? traceTree(obs.trace) : undefined;
  otherLanes(b, tree);
  timelineMarks(b, findings);
  stopPeriods(b, test);
  stdinArrows(b);
  if (obs.trace && tree) traced(b, obs.trace, tree);
  else outputArrows(b);
  if (!obs.trace) timelineObjects(b);
  if (obs.traceTruncated) b.notes.push('the trace was cut short: what came after it is not drawn');
  return finish(b);
}

function testLane(b: Builder, p: ProcessObservation, test: TestSpec): void {
  const lane: SequenceLane = { id: p.label, label: p.label, stopped: [] };
  if (p.startMs !== undefined) lane.startMs = p.startMs;
  if (p.endMs !== undefined) lane.endMs = p.endMs;
  if (p.exit) lane.exit = { ...p.exit, ...(exitExpected(p, test) ? { expected: true } : {}) };
  b.lanes.set(lane.id, lane);
  if (p.pid !== undefined) b.byPid.set(p.pid, lane.id);
}

/** An exit check of this process expects exactly how it ended (so it is drawn as an ordinary end). */
function exitExpected(p: ProcessObservation, test: TestSpec): boolean {
  return test.checks.some((c) => {
    const e = c.exit;
    if (!e || (e.process !== p.name && e.process !== p.label) || !p.exit) return false;
    if (e.signal !== undefined) return p.exit.signal !== undefined && bare(p.exit.signal) === bare(e.signal);
    return p.exit.code === e.code;
  });
}

const bare = (sig: string) => sig.replace(/^SIG/, '');

/** Processes the test did not start: from the snapshots (by ppid) and the trace's forks. */
function otherLanes(b: Builder, tree: TraceTree | undefined): void {
  const inv = tree ? traceInventory(b.obs, tree) : undefined;
  const procs = inv?.processes ?? [...Object.values(b.obs.samples), ...(b.obs.final ? [b.obs.final] : [])].flatMap((i) => i.processes);
  const ppid = new Map<number, number>();
  const prog = new Map<number, string>();
  for (const p of procs) {
    ppid.set(p.pid, p.ppid);
    prog.set(p.pid, p.argv.length ? programName(p) : p.comm);
  }
  // parents before children: a lane's parent lane exists when it is made
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of ppid) {
      if (b.byPid.has(pid) || !b.byPid.has(parent)) continue;
      const parentLane = b.byPid.get(parent)!;
      const id = `pid:${pid}`;
      const name = shown(tree?.program.get(pid) ?? prog.get(pid) ?? '?');
      const of = parentLane.startsWith('pid:') ? `\`${shown(tree?.program.get(parent) ?? prog.get(parent) ?? '?')}\` (pid ${parent})` : `\`${parentLane}\``;
      const lane: SequenceLane = { id, label: `\`${name}\`, child of ${of}`, parent: parentLane, stopped: [] };
      const first = tree?.firstMs.get(pid);
      if (first !== undefined) lane.startMs = first;
      b.lanes.set(id, lane);
      b.byPid.set(pid, id);
      grew = true;
    }
  }
}

/** The lane of a timeline event's process: its label, or the first instance of its name. */
function laneOf(b: Builder, process: string | undefined): string {
  if (!process) return TEST_LANE;
  if (b.lanes.has(process)) return process;
  return b.obs.processes.find((p) => p.name === process)?.label ?? TEST_LANE;
}

/** A timeline event's words: an output line is the student's raw text, shown safely. */
const textOf = (e: TimelineEvent, obs: Observation) => (e.kind === 'output' && !e.binary ? shown(e.text) : timelineText(e, obs));

function timelineMarks(b: Builder, findings: Finding[]): void {
  const failed = findings.some((f) => !f.passed);
  for (const e of b.obs.timeline) {
    const kind = e.kind === 'orphan' ? 'exit' : e.kind;
    const mark: SequenceMark = { lane: laneOf(b, eventProcess(e)), ms: e.ms, kind, label: textOf(e, b.obs) };
    if (e.kind === 'timeout' || (failed && e.kind === 'exit' && isBadExit(b, mark.lane))) mark.bad = true;
    b.marks.push(mark);
  }
}

/** An exit the test's checks did not expect, in a failed test. */
function isBadExit(b: Builder, lane: string): boolean {
  const l = b.lanes.get(lane);
  return !!l?.exit && !l.exit.expected && (l.exit.signal !== undefined || (l.exit.code ?? 0) !== 0);
}

/** Stopped periods: the test's SIGSTOP … SIGCONT steps; a process still stopped at its end stays shaded to it. */
function stopPeriods(b: Builder, _test: TestSpec): void {
  const since = new Map<string, number>();
  for (const e of b.obs.timeline) {
    if (e.kind !== 'signal') continue;
    const lanes = lanesNamed(b, e.process);
    for (const lane of lanes) {
      if ((e.signal === 'SIGSTOP' || e.signal === 'SIGTSTP') && !since.has(lane)) since.set(lane, e.ms);
      else if ((e.signal === 'SIGCONT' || e.signal === 'SIGKILL') && since.has(lane)) {
        b.lanes.get(lane)!.stopped.push([since.get(lane)!, e.ms]);
        since.delete(lane);
      }
    }
  }
  for (const [lane, start] of since) {
    const l = b.lanes.get(lane)!;
    l.stopped.push([start, l.endMs ?? b.obs.durationMs]);
  }
}

function lanesNamed(b: Builder, process: string | undefined): string[] {
  if (!process) return [];
  const own = b.obs.processes.filter((p) => p.name === process || p.label === process).map((p) => p.label);
  return own.length ? own : [];
}

/** The input the test fed, as arrows from `test` (the trace does not see the test's own writes). */
function stdinArrows(b: Builder): void {
  for (const p of b.obs.processes) {
    if (p.stdin?.length && p.startMs !== undefined) b.arrows.push({ kind: 'stdin', from: TEST_LANE, to: p.label, startMs: p.startMs, endMs: p.startMs, label: bytes(p.stdin.length) });
  }
  for (const e of b.obs.timeline) {
    if (e.kind === 'step' && fedInput(e)) {
      for (const lane of lanesNamed(b, e.process)) b.arrows.push({ kind: 'stdin', from: TEST_LANE, to: lane, startMs: e.ms, endMs: e.ms, label: sendWords(e) });
    }
  }
}

/** Without a trace: the lines the test read, as arrows to `test` from the process whose stream it was. */
function outputArrows(b: Builder): void {
  for (const e of b.obs.timeline) {
    if (e.kind === 'output' && e.process) b.arrows.push({ kind: 'stdout', from: laneOf(b, e.process), to: TEST_LANE, startMs: e.ms, endMs: e.ms, label: textOf(e, b.obs), ...(e.stream ? { detail: `on \`${e.stream}\`` } : {}) });
  }
}

/** IPC objects as the harness's snapshots saw them come and go. */
function timelineObjects(b: Builder): void {
  const open = new Map<string, SequenceObject>();
  for (const e of b.obs.timeline) {
    if (e.kind !== 'ipc') continue;
    const label = describeObject(e.object);
    if (e.change === 'created') {
      const o: SequenceObject = { label, startMs: e.ms, leftover: false };
      open.set(label, o);
      b.objects.push(o);
    } else {
      const o = open.get(label);
      if (o) o.endMs = e.ms;
      else b.objects.push({ label, endMs: e.ms, leftover: false });
      open.delete(label);
    }
  }
  for (const o of open.values()) o.leftover = b.obs.leftovers.some((l) => l.kind !== 'process');
}

function traced(b: Builder, events: TraceEvent[], tree: TraceTree): void {
  const lane = (tid: number) => b.byPid.get(ownerOf(tree, tid)) ?? TEST_LANE;
  for (const e of events) if (e.kind === 'exit') exitOf(b, lane(e.pid), e.tMs, tree, e.pid);
  const streams = new Set(streamPipes(b.obs).map((p) => p.inode));
  for (const f of channelFlows(events, fifoPaths(b.obs))) {
    if (f.inode !== undefined && streams.has(f.inode)) continue;
    for (const seg of segments(f.writes, f.reads)) {
      b.arrows.push({ kind: f.inode === undefined ? 'fifo' : 'pipe', from: lane(seg.from.pid), to: lane(seg.to.pid), startMs: seg.from.tMs, endMs: seg.to.tMs, label: bytes(seg.bytes), detail: shown(f.channel) });
    }
    // a cut trace lacks the reads that came after the cut: those bytes are not unread
    if (f.unread && !b.obs.traceTruncated) b.notes.push(`${bytes(f.unread)} written into ${shown(f.channel)} were never read by a traced call`);
  }
  const writers = streamWriters(events, streamPipes(b.obs), b.obs.streamIds);
  for (const [stream, chunks] of Object.entries(writers)) {
    for (const c of chunks) b.arrows.push({ kind: 'stdout', from: lane(c.pid), to: TEST_LANE, startMs: c.tMs, endMs: c.tMs, label: bytes(c.bytes), detail: `write to \`${stream}\`` });
  }
  for (const m of messageFlows(events)) {
    const detail = `msgsnd(${m.queue}, type ${m.type}, ${bytes(m.bytes)})`;
    if (m.to === undefined) b.marks.push({ lane: lane(m.from), ms: m.sentMs, kind: 'ipc', label: `sent type ${m.type}, never received`, detail });
    else b.arrows.push({ kind: 'message', from: lane(m.from), to: lane(m.to), startMs: m.sentMs, endMs: m.receivedMs!, label: `type ${m.type}`, detail });
  }
  signalArrows(b, events, tree, lane);
  traceObjects(b, events);
  traceStops(b, events, lane);
}

/** Group stops the trace saw (`--- stopped by SIGSTOP ---` → SIGCONT) of lanes the test did not start (the test's own come from its steps). */
function traceStops(b: Builder, events: TraceEvent[], lane: (tid: number) => string): void {
  const since = new Map<string, number>();
  for (const e of events) {
    const id = lane(e.pid);
    if (!id.startsWith('pid:')) continue;
    if (e.kind === 'stopped' && !since.has(id)) since.set(id, e.tMs);
    else if (since.has(id) && (e.kind === 'exit' || (e.kind === 'signal' && e.signal === 'SIGCONT'))) {
      b.lanes.get(id)!.stopped.push([since.get(id)!, e.tMs]);
      since.delete(id);
    }
  }
  for (const [id, start] of since) b.lanes.get(id)!.stopped.push([start, b.lanes.get(id)!.endMs ?? b.obs.durationMs]);
}

/** A traced process's exit: when it ended, for lanes the test did not start (the test's own have theirs). */
function exitOf(b: Builder, id: string, ms: number, tree: TraceTree, tid: number): void {
  if (ownerOf(tree, tid) !== tid || !id.startsWith('pid:')) return;
  const l = b.lanes.get(id);
  if (l && l.endMs === undefined) l.endMs = ms;
}

interface Segment { from: Chunk; to: Chunk; bytes: number }

/** Writes and reads of one channel paired in byte order (a pipe is first in, first out). */
function segments(writes: Chunk[], reads: Chunk[]): Segment[] {
  const out: Segment[] = [];
  let w = 0, left = writes[0]?.bytes ?? 0;
  for (const r of reads) {
    let need = r.bytes;
    while (need > 0 && w < writes.length) {
      const n = Math.min(need, left);
      const last = out[out.length - 1];
      if (last && last.from === writes[w] && last.to === r) last.bytes += n;
      else out.push({ from: writes[w], to: r, bytes: n });
      need -= n;
      left -= n;
      if (left === 0) left = writes[++w]?.bytes ?? 0;
    }
  }
  return out;
}

const SI_SENT = /si_code=(SI_USER|SI_QUEUE|SI_TKILL)\b.*?si_pid=(\d+)/;

/** kill → delivery: an arrow from the sender (the test, when no traced process sent it) to the receiver. */
function signalArrows(b: Builder, events: TraceEvent[], tree: TraceTree, lane: (tid: number) => string): void {
  const kills = events.filter((e): e is TraceCall => isCall(e) && (e.call === 'kill' || e.call === 'tgkill' || e.call === 'tkill'));
  for (const e of events) {
    if (e.kind !== 'signal') continue;
    const m = SI_SENT.exec(e.info);
    if (!m) {
      if (e.signal !== 'SIGCHLD') b.marks.push({ lane: lane(e.pid), ms: e.tMs, kind: 'signal', label: e.signal, detail: shown(e.info) });
      continue;
    }
    const sender = Number(m[2]);
    const known = tree.processOf.has(sender);
    const call = known ? [...kills].reverse().find((k) => ownerOf(tree, k.pid) === ownerOf(tree, sender) && k.tMs <= e.tMs && k.args[1]?.includes(e.signal)) : undefined;
    b.arrows.push({
      kind: 'signal', from: known ? lane(sender) : TEST_LANE, to: lane(e.pid), startMs: call?.tMs ?? e.tMs, endMs: e.tMs, label: e.signal,
      ...(call ? { detail: `${call.call}(${call.args.join(', ')})` } : {}),
    });
  }
}

const CREATE = new Map([['msgget', SYSV_KIND_NAMES.msg], ['semget', SYSV_KIND_NAMES.sem], ['shmget', SYSV_KIND_NAMES.shm]]);
const REMOVE = new Map([['msgctl', SYSV_KIND_NAMES.msg], ['semctl', SYSV_KIND_NAMES.sem], ['shmctl', SYSV_KIND_NAMES.shm]]);

/** msgget/semget/shmget that created an object → its IPC_RMID, or left behind. */
function traceObjects(b: Builder, events: TraceEvent[]): void {
  const open = new Map<string, SequenceObject>();
  for (const e of events) {
    if (!isCall(e) || e.retValue === undefined || e.retValue < 0) continue;
    const made = CREATE.get(e.call);
    if (made && (e.args.some((a) => a.includes('IPC_CREAT')) || e.args[0] === 'IPC_PRIVATE')) {
      const key = `${made} ${e.retValue}`;
      if (open.has(key)) continue;
      const o: SequenceObject = { label: `${made} (id ${e.retValue})`, startMs: e.tMs, leftover: false };
      open.set(key, o);
      b.objects.push(o);
    }
    const gone = REMOVE.get(e.call);
    if (gone && e.args.some((a) => a.includes('IPC_RMID'))) {
      const key = `${gone} ${Number(e.args[0])}`;
      const o = open.get(key);
      if (o) o.endMs = e.tMs;
      open.delete(key);
    }
  }
  const left = new Set(b.obs.leftovers.flatMap((l) => (l.kind === 'sysv' ? [`${CREATE.get(`${l.object.kind}get`)} ${l.object.id}`] : [])));
  for (const [key, o] of open) o.leftover = left.has(key);
}

function finish(b: Builder): Sequence {
  const arrows = b.arrows.sort((x, y) => x.startMs - y.startMs);
  const marks = b.marks.sort((x, y) => x.ms - y.ms);
  const notes = [...b.notes];
  if (arrows.length > SEQUENCE_LIMIT) notes.push(`${arrows.length - SEQUENCE_LIMIT} later arrows are not drawn (at most ${SEQUENCE_LIMIT})`);
  if (marks.length > SEQUENCE_LIMIT) notes.push(`${marks.length - SEQUENCE_LIMIT} later marks are not drawn (at most ${SEQUENCE_LIMIT})`);
  const endMs = Math.max(b.obs.durationMs, ...[...b.lanes.values()].map((l) => l.endMs ?? 0));
  return {
    traced: !!b.obs.trace,
    endMs: round(endMs),
    lanes: [...b.lanes.values()].map((l) => ({ ...l, ...times(l, 'startMs', 'endMs'), stopped: l.stopped.map(([x, y]) => [round(x), round(y)] as [number, number]) })),
    arrows: arrows.slice(0, SEQUENCE_LIMIT).map((a) => ({ ...a, ...times(a, 'startMs', 'endMs') })),
    marks: marks.slice(0, SEQUENCE_LIMIT).map((m) => ({ ...m, ms: round(m.ms) })),
    objects: b.objects.slice(0, SEQUENCE_LIMIT).map((o) => ({ ...o, ...times(o, 'startMs', 'endMs') })),
    ...(notes.length ? { notes: notes.slice(0, 20) } : {}),
  };
}

const bytes = (n: number) => `${n} byte${n === 1 ? '' : 's'}`;
const round = (x: number) => Math.round(x * 10) / 10;

/** The object's times that are set, rounded to 0.1 ms (the rest stay absent). */
function times<T extends object>(o: T, ...keys: Array<keyof T>): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (typeof o[k] === 'number') out[k] = round(o[k] as number) as T[keyof T];
  return out;
}
