// What the init reports while a run goes on, written into the Run: output into its streams and
// the timeline's first lines, starts, exits, failed execs, orphans; and the IPC objects that
// come and go between snapshots.
import { constants as osConstants } from 'node:os';
import type { Inventory } from '../observe/snapshot.js';
import type { InitHandlers } from './init-client.js';
import type { ExitInfo, IpcObjectRef } from './observation.js';
import { msSince, noteLate, notify, type Run } from './state.js';
import { checkBounds } from './bounds.js';
import { onTrace } from './traced.js';
import { noteSeen } from '../observe/ends.js';

/** Lines of each stream kept in the timeline. */
const TIMELINE_LINES = 50;

const SIGNAL_NAMES = Object.fromEntries(Object.entries(osConstants.signals as Record<string, number>).map(([k, v]) => [v, k]));
const ERRNO_NAMES = Object.fromEntries(Object.entries(osConstants.errno).map(([k, v]) => [v, k]));

export function decodeStatus(status: number): ExitInfo {
  const sig = status & 0x7f;
  if (sig === 0) return { code: (status >> 8) & 0xff };
  return { signal: SIGNAL_NAMES[sig] ?? `signal ${sig}` };
}

function errnoName(e: number): string {
  return ERRNO_NAMES[e] ?? `errno ${e}`;
}

export function initHandlers(run: Run): InitHandlers {
  const recordLines = lineRecorder(run);
  const timeline = run.obs.timeline;
  return {
    onData(stream, t, bytes) {
      const s = run.streams[stream];
      if (!s) return;
      noteLate(run, t);
      s.push(bytes);
      recordLines(s.name, msSince(run, t), bytes);
      if (s.exceeded && !run.abort) {
        run.abort = { reason: 'output-limit', stream: s.name, limitBytes: run.plan.outputLimit };
      }
      notify(run);
    },
    onSpawned(id, pid, t) {
      const inst = run.byId.get(id);
      if (!inst) return;
      noteLate(run, t);
      inst.obs.pid = pid;
      inst.obs.startMs = msSince(run, t);
      run.byPid.set(pid, inst);
      timeline.push({ ms: inst.obs.startMs, kind: 'start', process: inst.obs.label, argv: inst.obs.argv, pid });
      notify(run);
    },
    onExited(id, _pid, status, t, cpuMicros) {
      const inst = run.byId.get(id);
      if (!inst) return;
      noteLate(run, t);
      inst.exited = true;
      inst.obs.exit = decodeStatus(status);
      inst.obs.endMs = msSince(run, t);
      inst.obs.cpuMs = cpuMicros / 1000;
      timeline.push({ ms: inst.obs.endMs, kind: 'exit', process: inst.obs.label, exit: inst.obs.exit });
      notify(run);
    },
    onExecFailed(id, stage, errno) {
      const inst = run.byId.get(id);
      if (!inst) return;
      const err = errnoName(errno);
      inst.obs.execError = stage === 'exec'
        ? (err === 'ENOENT' ? `\`${inst.obs.argv[0]}\` was not found` : `\`${inst.obs.argv[0]}\` could not be started (${err})`)
        : `the harness could not prepare \`${inst.obs.label}\` (${stage}: ${err})`;
    },
    onOrphan(pid, status, t, comm) {
      if (run.tearingDown) return; // killed by the harness at the end: reported as left behind already
      run.obs.orphans.push({ pid, comm, ms: msSince(run, t), exit: decodeStatus(status) });
      timeline.push({ ms: msSince(run, t), kind: 'orphan', pid, comm });
      notify(run);
    },
    onError(error) {
      run.harnessError ??= error;
      notify(run);
    },
    onTrace(id, offsetNs, text) {
      if (run.trace) onTrace(run.trace, id, offsetNs, text);
    },
    onTraceError(id, why) {
      run.trace?.errors.set(id, why);
    },
  };
}

/** The timeline keeps the first lines of each stream (bounded), as they arrived. */
function lineRecorder(run: Run): (stream: string, at: number, bytes: Buffer) => void {
  const partial = new Map<string, string>();
  const linesSeen = new Map<string, number>();
  const timeline = run.obs.timeline;
  return (stream, at, bytes) => {
    const seen = linesSeen.get(stream) ?? 0;
    if (seen >= TIMELINE_LINES) return;
    const process = run.streamOwner.get(stream);
    if (bytes.includes(0) || bytes.toString('utf8', 0, Math.min(bytes.length, 4096)).includes('\ufffd')) {
      // binary output: one event says so, rather than lines of noise
      timeline.push({ ms: at, kind: 'output', stream, process, text: '', binary: true });
      linesSeen.set(stream, TIMELINE_LINES);
      return;
    }
    const text = (partial.get(stream) ?? '') + bytes.toString('utf8', 0, Math.min(bytes.length, 4096));
    const parts = text.split('\n');
    partial.set(stream, parts.pop()!.slice(0, 200));
    let n = seen;
    for (const line of parts) {
      if (n++ >= TIMELINE_LINES) break;
      timeline.push({ ms: at, kind: 'output', stream, process, text: line.length > 120 ? `${line.slice(0, 120)}…` : line });
    }
    linesSeen.set(stream, n);
  };
}

/** IPC objects as they come and go, from the snapshots taken while the test runs. */
export function noteInventory(run: Run, inv: Inventory): void {
  const now = new Map<string, IpcObjectRef>();
  for (const o of inv.sysv) now.set(`${o.kind}:${o.id}`, { family: 'sysv', kind: o.kind, key: o.key, id: o.id });
  for (const p of inv.posix) now.set(`${p.kind}:${p.name}`, { family: 'posix', kind: p.kind, name: p.name });
  const at = msSince(run, inv.t || process.hrtime.bigint());
  for (const [k, object] of now) if (!run.known.has(k)) run.obs.timeline.push({ ms: at, kind: 'ipc', change: 'created', object });
  for (const [k, object] of run.known) if (!now.has(k)) run.obs.timeline.push({ ms: at, kind: 'ipc', change: 'removed', object });
  run.known = now;
  (run.obs.seen ??= []).push(...noteSeen(run.seen, inv.processes));
  checkBounds(run, inv);
}
