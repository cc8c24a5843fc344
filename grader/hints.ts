// Hints as rules over the facts of a failing run (grader/hints.yaml and the exercise's own):
// data, not code paths. A hint the exercise's statement contradicts is never shown.
import { yamlLib } from '../harness/lazy.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import { callMatches } from '../harness/observe/syscalls.js';
import { parseRef, resolveRef } from '../harness/observe/refs.js';
import { endsOf, type End } from '../harness/observe/ends.js';
import { runEnds } from './ends.js';
import type { Observation, ProcessObservation } from '../harness/run/observation.js';
import type { Condition, ExerciseSpec, Hint, HintWhen, ObjectKind, TestSpec } from '../harness/spec/types.js';
import type { Finding, TestResult } from './model.js';
import { normalSignal } from './checks/exit.js';
import { compile } from '../harness/spec/regex.js';
import { signalHints } from './wording.js';
import { unknownCause } from './causes.js';

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

/** The texts of matchedHints. */
export function matchHints(test: TestSpec, obs: Observation, exerciseHints: Hint[] = [], ex: Omit<Statement, 'hints'> = {}): string[] {
  return matchedHints(test, obs, { ...ex, hints: exerciseHints }).map((h) => h.text);
}

/** Puts the hints and the leading cause on a failed test's result. */
export function applyHints(result: TestResult, test: TestSpec, obs: Observation, ex: Statement): void {
  const hints = matchedHints(test, obs, ex);
  if (hints.length) result.hints = hints.map((h) => h.text);
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
      const what = this.blockedOn(p.pid);
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

  /** What a blocked read, write or open waits on, from the deep snapshot taken when the run stopped. */
  private blockedOn(pid: number): { on?: 'pipe' | 'fifo'; access?: 'read' | 'write' } | undefined {
    const p = this.obs.final?.processes.find((q) => q.pid === pid);
    const call = p?.syscall?.name ?? '';
    const arg = (i: number) => Number.parseInt(p?.syscall?.args[i] ?? '', 16);
    if (call === 'open' || call === 'openat') {
      // a FIFO's open waits in wait_for_partner; O_ACCMODE 1 is O_WRONLY (O_RDWR never waits)
      const flags = arg(call === 'open' ? 1 : 2);
      const access = Number.isNaN(flags) ? undefined : (flags & 3) === 1 ? 'write' : (flags & 3) === 0 ? 'read' : undefined;
      return { on: p!.wchan === 'wait_for_partner' ? 'fifo' : undefined, access };
    }
    if (!/^(read|write|pread64|pwrite64)v?$/.test(call)) return undefined;
    const entry = p!.fds.find((f) => f.fd === arg(0));
    const on = entry?.type === 'pipe' || /^pipe:\[\d+\]$/.test(entry?.target ?? '') ? 'pipe' : entry?.type === 'fifo' ? 'fifo' : undefined;
    return { on, access: call.startsWith('read') || call === 'pread64' ? 'read' : 'write' };
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
    const running = (s: string) => Object.entries(this.test.processes).some(([name, spec]) => (spec.stdout ?? name) === s
      && this.obs.processes.some((p) => p.name === name && p.pid !== undefined && !p.execError && (!p.exit || !!p.killedBy)));
    return outputStreams(step?.wait).filter(running);
  }
}

function outputStreams(c: Condition | undefined): string[] {
  if (!c) return [];
  return [...(c.output ? [c.output.stream] : []), ...[...(c.all ?? []), ...(c.any ?? [])].flatMap(outputStreams)];
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
