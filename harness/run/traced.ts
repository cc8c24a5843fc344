// A traced run (RunPlan.trace): strace's text from the init, kept per process (bounded), and at
// the end parsed into Observation.trace; a process that could not be traced, or no tracer at
// all, is Observation.traceUnavailable (grader/score.ts makes the test an error, never a pass).
import { existsSync } from 'node:fs';
import { fromExec, parseTrace, type TraceEvent } from '../observe/trace.js';
import { settings } from '../settings.js';
import type { Observation, ProcessObservation } from './observation.js';

/** What finishTrace needs of each instance of the run (harness/run/state.ts's Instance). */
interface Traced { id: number; started: boolean; obs: ProcessObservation }


export interface TraceCapture {
  /** Bytes of trace text kept (all processes together: RunPlan.traceBytes); the rest is cut (traceTruncated). */
  limit: number;
  chunks: Map<number, { parts: Buffer[]; offsetNs: bigint }>;
  bytes: number;
  truncated: boolean;
  /** Why a process could not be traced, by its init id. */
  errors: Map<number, string>;
}

export function newCapture(limit: number): TraceCapture {
  return { limit, chunks: new Map(), bytes: 0, truncated: false, errors: new Map() };
}

/** The init's --strace argument, or why there is none. */
export function tracerArgs(): { args: string[] } | { missing: string } {
  const path = settings().strace;
  if (!path) return { missing: 'strace is not installed (Debian: apt-get install strace)' };
  if (!existsSync(path)) return { missing: `strace is not installed at ${path}` };
  return { args: ['--strace', path] };
}

/** A frame of trace text for the process of init id `id`; an empty one says that its lines come under another id's (one strace for processes stopped together). */
export function onTrace(c: TraceCapture, id: number, offsetNs: bigint, text: Buffer): void {
  if (c.bytes + text.length > c.limit) {
    c.truncated = true;
    return;
  }
  c.bytes += text.length;
  let entry = c.chunks.get(id);
  if (!entry) c.chunks.set(id, (entry = { parts: [], offsetNs }));
  if (text.length) entry.parts.push(text);
}

/** Observation.trace (every traced process's events from its exec on, in time order) and what was missing. */
export function finishTrace(c: TraceCapture, instances: Iterable<Traced>, obs: Observation, t0: bigint): void {
  const events: TraceEvent[] = [];
  const missing: string[] = [];
  const started = [...instances].filter((inst) => inst.started && inst.obs.pid !== undefined);
  const spawned = started.map((inst) => inst.obs.pid!);
  for (const inst of started) {
    const why = c.errors.get(inst.id);
    const entry = c.chunks.get(inst.id);
    if (why) missing.push(`${inst.obs.label}: ${why}`);
    // once the trace is full the init traces no new process: a cut trace, not a missing one
    else if (!entry && !inst.obs.execError && !c.truncated) missing.push(`${inst.obs.label}: no trace came`);
    // a process that shares another's strace has an empty entry: its lines are in that one's text
    if (!entry?.parts.length) continue;
    // strace writes whole lines, but the init relays the pipe in chunks: join before parsing
    const text = Buffer.concat(entry.parts).toString('latin1');
    const parsed = parseTrace(text, { offsetNs: entry.offsetNs, t0 });
    // a loop, not push(...): a long trace has more events than a call may take arguments
    for (const e of fromExec(parsed.events, spawned)) events.push(e);
    obs.traceMalformed = (obs.traceMalformed ?? 0) + parsed.malformed;
  }
  obs.trace = events.sort((a, b) => a.tMs - b.tMs);
  if (c.truncated) obs.traceTruncated = true;
  if (missing.length && !obs.traceUnavailable) obs.traceUnavailable = missing.join('; ');
}
