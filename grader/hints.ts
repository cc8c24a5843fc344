// Hints as rules over the facts of a failing run (grader/hints.yaml and the exercise's own):
// data, not code paths. A hint the exercise's statement contradicts is never shown.
import { yamlLib } from '../harness/lazy.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import { callMatches } from '../harness/observe/syscalls.js';
import { parseRef, resolveRef } from '../harness/observe/refs.js';
import type { BlockedOn } from '../harness/observe/diagnose.js';
import { endsOf, type End } from '../harness/observe/ends.js';
import { runEnds } from './ends.js';
import type { Observation, ProcessObservation } from '../harness/run/observation.js';
import type { Condition, ExerciseSpec, Hint, HintWhen, ObjectKind, TestSpec } from '../harness/spec/types.js';
import type { Finding, TestResult } from './model.js';
import { normalSignal } from './checks/exit.js';
import { compile } from '../harness/spec/regex.js';
import { signalHints } from './wording.js';
import { unknownCause } from './causes.js';
import { silentWords, type SilentWriter } from './wording/silence.js';

/** Terminations by a limit rather than a hang: a `timeout` rule is not about them. */
const LIMIT_REASONS = new Set(['output-limit', 'disk-limit', 'memory-limit']);
/** At most this many hints per test. */
const MAX_HINTS = 3;

/** What a hint's statement flags are checked against. */
export type Statement = Pick<ExerciseSpec, 'hints' | 'forbids' | 'requires'>;

const hintsFile = () => join(packageRoot(), 'grader', 'hints.yaml');
let general: Hint[] | undefined;
export function generalHints(): Hint[] {
  // a signal's hint is worded beside its short meaning (wording.ts); the rest is data
  general ??= checkedCauses([...signalHints(), ...(yamlLib().parse(readFileSync(hintsFile(), 'utf8')) as Hint[])]);
  return general;
}

function checkedCauses(hints: Hint[]): Hint[] {
  for (const h of hints) {
    const why = h.cause === undefined ? undefined : unknownCause(h.cause);
    if (why) throw new Error(`${hintsFile()}: hint "${h.text.slice(0, 40)}…": ${why}`);
  }
  return hints;
}

/**
 * The hints to show: one that says it explains the failure `alone` (the exercise's first), else the
 * exercise's own that match, else the general catalogue's.
 */
export function matchedHints(test: TestSpec, obs: Observation, ex: Statement = {}): Hint[] {
  const facts = new Facts(test, obs);
  const fits = (h: Hint) => allowed(h, ex) && facts.holds(h.when);
  const own = (ex.hints ?? []).filter(fits);
  const alone = own.find((h) => h.alone) ?? generalHints().find((h) => h.alone && fits(h));
  if (alone) return [alone];
  const chosen = own.length ? own : generalHints().filter(fits);
  return chosen.filter((h, i) => chosen.findIndex((o) => o.text === h.text) === i).slice(0, MAX_HINTS);
}

/** The texts of matchedHints, each with the facts it rests on (hintWords). */
export function matchHints(test: TestSpec, obs: Observation, exerciseHints: Hint[] = [], ex: Omit<Statement, 'hints'> = {}): string[] {
  const facts = new Facts(test, obs);
  return matchedHints(test, obs, { ...ex, hints: exerciseHints }).map((h) => facts.words(h));
}

/**
 * Puts the hints and the leading cause on a failed test's result. In a test that gave up, the
 * hint that names its cause is its lead: said before what the test waited for and what the
 * processes were stuck in, which are the evidence.
 */
export function applyHints(result: TestResult, test: TestSpec, obs: Observation, ex: Statement): void {
  const hints = matchedHints(test, obs, ex);
  const facts = new Facts(test, obs);
  const texts = hints.map((h) => facts.words(h));
  const leadAt = result.gaveUp ? hints.findIndex((h) => h.cause) : -1;
  if (leadAt >= 0) result.lead = texts[leadAt];
  const rest = texts.filter((_, i) => i !== leadAt);
  if (rest.length) result.hints = rest;
  const cause = leadingCause(result.findings, hints, obs);
  if (cause) result.cause = cause;
}

/**
 * A run that could not finish is explained by why it stopped (the hints' facts: what was
 * blocked, what never reached stdout), and what its checks then found follows from that; a run
 * that finished is explained by its first failed finding that names a cause.
 */
export function leadingCause(findings: Finding[], hints: Hint[], obs: Observation): string | undefined {
  const fromHints = hints.find((h) => h.cause)?.cause;
  const fromFindings = findings.find((f) => !f.passed && f.cause)?.cause;
  const stopped = !!obs.termination && !LIMIT_REASONS.has(obs.termination.reason);
  return stopped ? fromHints ?? fromFindings : fromFindings ?? fromHints;
}

/** A hint the statement contradicts: it suggests what is forbidden, or undoes what is required. */
function allowed(h: Hint, ex: Statement): boolean {
  const forbids = ex.forbids ?? [];
  const requires = ex.requires ?? [];
  if (h.suggests?.some((p) => forbids.includes(p))) return false;
  if (h.contradicts?.some((p) => requires.includes(p))) return false;
  return (h.needs ?? []).every((p) => requires.includes(p));
}

/** The facts of one run, as a hint's rule asks for them. */
class Facts {
  constructor(readonly test: TestSpec, readonly obs: Observation) {}

  /**
   * The hint as a student reads it: a rule on what the waited-for processes wrote says first
   * which process wrote how little ("`server` wrote 0 bytes to its standard output, yet …: <hint>").
   */
  words(h: Hint): string {
    const w = h.when.wrote;
    if (!w || w.stream !== undefined) return h.text;
    const max = w.bytes === 0 ? 0 : w.bytes.max;
    const silent = this.waitedStdouts().filter((s) => (this.obs.streams[s]?.totalBytes ?? 0) <= max);
    const writers = silent.flatMap((s) => this.runningWriters(s));
    if (!writers.length) return h.text;
    const bytes = Math.max(...silent.map((s) => this.obs.streams[s]?.totalBytes ?? 0));
    return `${silentWords(writers, bytes)}: ${h.text}`;
  }

  /** The processes still running (when the test gave up) whose stdout is this stream, with the call each was blocked in. */
  private runningWriters(stream: string): SilentWriter[] {
    const names = Object.entries(this.test.processes).filter(([name, spec]) => (spec.stdout ?? name) === stream).map(([name]) => name);
    return this.obs.processes.filter((p) => names.includes(p.name) && running(p)).map((p) => {
      const d = this.obs.diagnosis?.processes.find((q) => q.pid === p.pid);
      return { label: p.label, ...(d?.state === 'blocked' && d.call ? { call: d.call } : {}) };
    });
  }

  /** Every key of the rule holds (all/any/not included). */
  holds(w: HintWhen): boolean {
    return (Object.keys(w) as Array<keyof HintWhen>).every((k) => this.fact(k, w));
  }

  private fact(k: keyof HintWhen, w: HintWhen): boolean {
    const { obs } = this;
    switch (k) {
      case 'all': return w.all!.every((r) => this.holds(r));
      case 'any': return w.any!.some((r) => this.holds(r));
      case 'not': return !this.holds(w.not!);
      case 'test': return ([] as string[]).concat(w.test!).includes(this.test.name);
      case 'timeout': return w.timeout === (!!obs.termination && !LIMIT_REASONS.has(obs.termination.reason));
      case 'step-timeout': return w['step-timeout'] === (obs.termination?.reason === 'step-timeout');
      case 'signal-unhandled': return w['signal-unhandled'] === (this.obs.diagnosis?.processes ?? []).some((p) => !!p.node?.signalsUnhandled.length);
      case 'blocked': return this.blocked(w.blocked!);
      case 'signal': return this.signalled(w.signal!);
      case 'exit': return this.exited(w.exit!);
      case 'object': return this.objects().includes(w.object!);
      case 'leftover': return obs.leftovers.some((l) => l.kind === w.leftover || (l.kind !== 'process' && kindOf(l.kind, l.object.kind) === w.leftover));
      case 'wrote': return this.wrote(w.wrote!);
      case 'output': {
        const s = obs.streams[w.output!.stream];
        return !!s && compile(w.output!.matches, 'm').test(s.head.toString());
      }
      default: return false; // the schema admits no other key
    }
  }

  private blocked(b: NonNullable<HintWhen['blocked']>): boolean {
    return (this.obs.diagnosis?.processes ?? []).some((p) => {
      if (p.state !== 'blocked' || !p.call || !callMatches(b.call, p.call)) return false;
      if (b.process !== undefined && !this.names(b.process, p)) return false;
      if (b.on === undefined && b.access === undefined) return true;
      const what = blockedOn(p.on);
      return (b.on === undefined || what?.on === b.on) && (b.access === undefined || what?.access === b.access);
    });
  }

  /** Whether a process reference (a test's name or label, a program, "X child of Y") names this diagnosed process. */
  private names(ref: string, p: { pid: number; label: string; program: string }): boolean {
    if (p.label === ref || p.label.startsWith(`${ref}[`) || p.program === ref) return true;
    const r = parseRef(ref);
    if (typeof r === 'string' || !this.obs.final) return false;
    return resolveRef(r, this.obs.processes, this.obs.final).some((q) => q.pid === p.pid);
  }

  /** A process (any of the test's when none is named) was killed by the signal. */
  private signalled(s: NonNullable<HintWhen['signal']>): boolean {
    if (s.process === undefined) return this.obs.processes.some((p) => killedBy(p, s.signal));
    return this.ends(s.process).some((e) => (e.test ? killedBy(e.test, s.signal) : e.exit?.signal === normalSignal(s.signal)));
  }

  private exited(e: NonNullable<HintWhen['exit']>): boolean {
    return this.ends(e.process).some(({ test, exit }) => {
      // a test's process ipclab killed did not end by itself
      if (!exit || test?.killedBy) return false;
      if (e.signal !== undefined) return test ? killedBy(test, e.signal) : exit.signal === normalSignal(e.signal);
      return e.code === undefined || exit.code === e.code;
    });
  }

  /** The processes a reference names, the test's own or the student's forks, with what is known of their ends. */
  private ends(ref: string): End[] {
    return typeof parseRef(ref) === 'string' ? [] : endsOf(ref, runEnds(this.obs));
  }

  private objects(): ObjectKind[] {
    const inv = this.obs.final;
    return [...(inv?.sysv ?? []).map((o) => o.kind), ...(inv?.posix ?? []).map((o) => kindOf('posix', o.kind))];
  }

  private wrote(w: NonNullable<HintWhen['wrote']>): boolean {
    const max = w.bytes === 0 ? 0 : w.bytes.max;
    const streams = w.stream !== undefined ? [w.stream] : this.waitedStdouts();
    return streams.some((s) => (this.obs.streams[s]?.totalBytes ?? 0) <= max);
  }

  /**
   * The streams the wait that timed out was waiting for output on, that are the stdout of a
   * process still running when it gave up: a process that exited would have had its buffer
   * flushed, and one that never started wrote nothing for another reason.
   */
  private waitedStdouts(): string[] {
    const t = this.obs.termination;
    const step = t?.reason === 'step-timeout' && t.step !== undefined ? this.test.script?.[t.step] : undefined;
    const written = (s: string) => Object.entries(this.test.processes).some(([name, spec]) => (spec.stdout ?? name) === s
      && this.obs.processes.some((p) => p.name === name && running(p)));
    return outputStreams(step?.wait).filter(written);
  }
}

/** What a blocked read, write or open waits on, in a rule's terms, from what the diagnosis found behind the call. */
function blockedOn(on: BlockedOn | undefined): { on?: 'pipe' | 'fifo'; access?: 'read' | 'write' } | undefined {
  if (on?.kind === 'fifo-open') return { on: 'fifo', access: on.access };
  if (on?.kind !== 'channel') return undefined;
  return { on: on.channel === 'other' ? undefined : on.channel, access: on.reading ? 'read' : 'write' };
}

function outputStreams(c: Condition | undefined): string[] {
  if (!c) return [];
  return [...(c.output ? [c.output.stream] : []), ...[...(c.all ?? []), ...(c.any ?? [])].flatMap(outputStreams)];
}

/** Started, and not ended by itself: still running when ipclab stopped the run. */
function running(p: ProcessObservation): boolean {
  return p.pid !== undefined && !p.execError && (!p.exit || !!p.killedBy);
}

/** A process of the test by its name or label (any process when no name is given). */
function named(p: ProcessObservation, name: string | undefined): boolean {
  return name === undefined || p.name === name || p.label === name;
}

/**
 * Killed by the signal, and not by ipclab. A SIGTERM the test's script sent counts: the process
 * could have caught it (a contract's "on SIGTERM, clean up"); a SIGKILL it could not.
 */
function killedBy(p: Pick<ProcessObservation, 'exit' | 'killedBy'>, signal: string): boolean {
  const sig = normalSignal(signal);
  return p.exit?.signal === sig && (!p.killedBy || (p.killedBy === 'test' && sig === 'SIGTERM'));
}

function kindOf(family: 'sysv' | 'posix', kind: 'msg' | 'sem' | 'shm' | 'mq'): ObjectKind {
  return family === 'posix' && kind !== 'mq' ? (`posix-${kind}` as ObjectKind) : (kind as ObjectKind);
}
