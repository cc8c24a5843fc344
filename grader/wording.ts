// Every sentence ipclab shows a student about how a process ended, signals, IPC object kinds and
// ipclab's own faults, in one place (in the spirit of zx's src/error.ts): a wording is changed
// here once, and a test (test/grader/wording.test.ts) keeps each sentence said one way.
import { POSIX_KIND_NAMES, SYSV_KIND_NAMES, type PosixKind } from '../harness/observe/kinds.js';
import type { Hint } from '../harness/spec/types.js';
import { shown } from '../harness/init/codec.js';
import type { Bound, HarnessError, Leftover, Observation, Termination, TimelineEvent } from '../harness/run/observation.js';
import { scratchPlaces, size } from '../harness/run/bounds.js';
import { stepFailureWords, timeoutWords } from './wording/hang.js';
import { describePosix, describeSysv } from './wording/objects.js';
import { eventProcess, eventWords } from './wording/timeline.js';

// the words of a test that gave up (hang diagnoses, waits, timeouts) live in wording/hang.ts
export { diagnosisSummary, machineStarvedWords } from './wording/hang.js';

// ---- ipclab's own faults: never the student's, and said so ----

/** Marks a sentence about a fault of ipclab's (the only place the words are typed). */
export function notYourFault(sentence: string): string {
  return `${sentence} (not your fault)`;
}

/** Grading stopped short (a heading, or a report's error title before the details). */
export const COULD_NOT_FINISH = 'ipclab could not finish grading';
export const COULD_NOT_FINISH_NOT_YOURS = notYourFault(COULD_NOT_FINISH);
/** The reason of a test ipclab could not run (shown alone where the details are withheld). */
export const COULD_NOT_RUN_TEST = notYourFault('ipclab could not run this test');
/** A report with no room for the details of ipclab's error. */
export const INTERNAL_ERROR = notYourFault('ipclab hit an internal error');

/** Why ipclab could not run a test, from the harness's facts. */
export function harnessErrorWords(e: HarnessError): string {
  switch (e.code) {
    case 'init-start': return `cannot start the process supervisor: ${e.message}`;
    case 'init': return e.message;
    case 'init-exited': return 'the process supervisor exited unexpectedly';
    case 'internal': return e.message;
    case 'teardown': return `teardown: ${e.message}`;
  }
}

/** The reason of a test ipclab could not run, with why. */
export function couldNotRunTest(why: string): string {
  return `${COULD_NOT_RUN_TEST}: ${why}`;
}

/**
 * The reason of a test that ran out of time because the grading machine gave its processes no
 * CPU (harness/observe/diagnose.ts's machineStarved): what timed out, then who was starved
 * (wording/hang.ts machineStarvedWords).
 */
export function machineTooBusy(timedOut: string, starved: string): string {
  return `${notYourFault('the machine grading this was too busy to run the test in time')}: ${timedOut}; ${starved}`;
}

/** A count in a summary line: "2 could not be run (not your fault)". */
export function couldNotBeRun(n: number): string {
  return notYourFault(`${n} could not be run`);
}

/** The one annotation of an exercise's tests that never started (their programs were not built or not there). */
export function notRunTitle(exercise: string, tests: number, points: number): string {
  return `${exercise}: ${tests === 1 ? '1 test was' : `${tests} tests were`} not run (0/${points})`;
}

// ---- signals: the short meaning a check puts after the name, and the general hint ----

interface SignalWords {
  /** What the signal usually means, in a few words. */
  meaning?: string;
  /** What to look at, when a process is killed by it (the general hint of grader/hints.ts). */
  hint?: string;
  /** The cause its hint names (grader/causes.yaml). */
  cause?: string;
}

/** In the order their hints are offered. */
export const SIGNALS: Readonly<Record<string, SignalWords>> = {
  SIGPIPE: {
    meaning: 'it wrote to a pipe that nobody reads any more',
    hint: 'a process wrote to a pipe or FIFO whose reader had gone; ignore SIGPIPE (signal(SIGPIPE, SIG_IGN)) and handle EPIPE where the contract expects the program to go on',
    cause: 'killed-by-sigpipe',
  },
  SIGSEGV: {
    meaning: 'a segmentation fault: an invalid memory access',
    hint: 'a segmentation fault: check pointers from shmat()/mmap() (they fail with (void *)-1, not NULL), buffer sizes, and strings without a terminating NUL',
    cause: 'segfault',
  },
  SIGBUS: {
    meaning: 'a bus error: e.g. touching a mapping past the end of its file',
    hint: 'a bus error usually means touching a file mapping beyond the end of the file: ftruncate() the file to the size you map first',
    cause: 'bus-error',
  },
  SIGABRT: { meaning: 'abort(), often a failed assert or a corrupted heap' },
  SIGXCPU: { meaning: 'it used up its CPU time limit' },
};

/** The general hints for processes killed by a signal, in grader/hints.yaml's form. */
export function signalHints(): Hint[] {
  return Object.entries(SIGNALS).flatMap(([signal, w]) => (w.hint ? [{ when: { signal: { signal } }, text: w.hint, ...(w.cause ? { cause: w.cause } : {}) }] : []));
}

// ---- how a process ended (the exit check) ----

/** What a check expects, after "expected `x` ": `signal` is a full name (SIGTERM). */
export function expectedEnd(want: { signal?: string; code?: number }): string {
  return want.signal !== undefined ? `to be killed by ${want.signal}` : `to exit with status ${want.code}`;
}

/** A check's title, after the process's name. */
export function endTitle(want: { signal?: string; code?: number }): string {
  return want.signal !== undefined ? `is killed by ${want.signal}` : `exits with status ${want.code}`;
}

/** How a process did end, after "it ": with what its signal usually means. */
export function actualEnd(exit: { signal?: string; code?: number }): string {
  if (exit.signal === undefined) return `exited with status ${exit.code}`;
  const meaning = SIGNALS[exit.signal]?.meaning;
  return `was killed by ${exit.signal}${meaning ? ` (${meaning})` : ''}`;
}

export function neverStarted(label: string): string {
  return `\`${label}\` was never started (an earlier step failed)`;
}

export function stoppedByHarness(label: string, why: string): string {
  return `\`${label}\` did not exit by itself: the harness stopped it (${why})`;
}

// ---- IPC object kinds ----

/** System V kinds, as the checks and the harness's descriptions name them. */
export const SYSV_KINDS = SYSV_KIND_NAMES;
/** POSIX kinds as the harness describes a leftover ("POSIX named semaphore /x"). */
export const POSIX_KINDS = POSIX_KIND_NAMES;
/** POSIX kinds as a check names them, after "the POSIX " (a check says "semaphore", not "named semaphore"). */
export const POSIX_CHECK_KINDS: Readonly<Record<PosixKind, string>> = { mq: 'message queue', sem: 'semaphore', shm: 'shared memory object' };

// ---- leftovers: what a test left behind, and how to avoid it (the harness records only the facts) ----

/** What is said about one thing left behind, and how to avoid it. */
export interface LeftoverWords {
  description: string;
  creator?: string;
  remedy: string;
}

/** Past this many, leftovers of a kind are counted, not listed. */
const MAX_LISTED = 5;

const WAIT_CHILDREN = 'wait for every child you fork (waitpid) before exiting';
const WAIT_ORPHAN = 'the parent must waitpid() for its child before it exits';

/** The words for the test's leftovers: System V objects, POSIX objects, stray processes, orphans. */
export function leftoverWords(all: Leftover[]): LeftoverWords[] {
  const sysv = all.filter((l): l is SysvLeftover => l.kind === 'sysv');
  const posix = all.filter((l): l is PosixLeftover => l.kind === 'posix');
  const stray = all.filter((l): l is ProcessLeftover => l.kind === 'process' && !l.orphaned);
  const orphans = all.filter((l): l is ProcessLeftover => l.kind === 'process' && !!l.orphaned);
  return [
    ...listed(sysv, sysvWords, (n) => ({ description: `and ${n} more System V ${n === 1 ? 'object' : 'objects'} left behind`, remedy: 'remove every object you create (IPC_RMID)' })),
    ...posix.map(posixWords),
    ...listed(stray, processWords, (n) => ({ description: `and ${n} more ${n === 1 ? 'process' : 'processes'} left behind`, remedy: WAIT_CHILDREN })),
    ...listed(orphans, processWords, (n) => ({ description: `and ${n} more ${n === 1 ? 'orphan' : 'orphans'} left behind`, remedy: WAIT_ORPHAN })),
  ];
}

type SysvLeftover = Extract<Leftover, { kind: 'sysv' }>;
type PosixLeftover = Extract<Leftover, { kind: 'posix' }>;
type ProcessLeftover = Extract<Leftover, { kind: 'process' }>;

function listed<T extends Leftover>(items: T[], say: (l: T) => LeftoverWords, more: (n: number) => LeftoverWords): LeftoverWords[] {
  const out = items.slice(0, MAX_LISTED).map(say);
  if (items.length > MAX_LISTED) out.push(more(items.length - MAX_LISTED));
  return out;
}

function sysvWords(l: SysvLeftover): LeftoverWords {
  const o = l.object;
  const remedy = o.kind === 'msg' ? 'msgctl(id, IPC_RMID, NULL)' : o.kind === 'sem' ? 'semctl(id, 0, IPC_RMID)' : 'shmctl(id, IPC_RMID, NULL) after every process detached';
  return { description: `${describeSysv(o)}${l.lastWriter ? ` (last written by \`${l.lastWriter}\`)` : ''}`, creator: l.creator, remedy };
}

function posixWords(l: PosixLeftover): LeftoverWords {
  const p = l.object;
  const name = shown(p.name).replaceAll('"', '\\"');
  const remedy = p.kind === 'mq' ? `mq_unlink("${name}")` : p.kind === 'sem' ? `sem_unlink("${name}")` : `shm_unlink("${name}")`;
  return { description: describePosix(p), remedy };
}

function processWords(l: ProcessLeftover): LeftoverWords {
  if (l.orphaned) return { description: `\`${shown(l.comm)}\` (pid ${l.pid}) was left behind as an orphan: its parent exited before waiting for it`, remedy: WAIT_ORPHAN };
  return {
    description: l.zombie
      ? `\`${shown(l.program ?? l.comm)}\` (pid ${l.pid}) was left behind unreaped (a zombie) by its parent when the test's processes had finished`
      : `\`${shown(l.program ?? l.comm)}\` (pid ${l.pid}) was left behind, still running when the test's processes had finished`,
    remedy: WAIT_CHILDREN,
  };
}

// ---- resource bounds ----

const BOUND_NAMES: Readonly<Record<Bound['kind'], string>> = { processes: 'processes', memory: 'memory', disk: 'disk', ipc: 'System V limits' };

/** One bound of a test as a report line: what it was and how it was enforced, or that it was not. */
export function boundLine(b: Bound): string {
  const head = `${BOUND_NAMES[b.kind]}: ${b.value}`;
  return b.by !== undefined ? `${head} (${b.by})` : `${head} — not enforced here: ${b.missing}`;
}

/** Why a run did not finish normally, as its reason: a timeout says what it waited for; a limit hit is worded here. */
export function terminationReason(t: Termination): string {
  switch (t.reason) {
    case 'timeout':
      return timeoutWords(t);
    case 'step-timeout':
      return stepFailureWords(t.failure);
    case 'output-limit':
      return `output limit exceeded: stream \`${t.stream}\` produced more than ${t.limitBytes} bytes`;
    case 'disk-limit':
      if (t.build) return `the build wrote more than ${size(t.limitBytes)}, the most it may write in its folder, /tmp, /var/tmp and /dev/shm together`;
      return `disk limit exceeded: your program filled the ${size(t.limitBytes)} it may write (in ${t.scratch ? `${scratchPlaces(t.memfds)} together` : t.workDir ? 'its working directory' : t.path})`;
    case 'memory-limit':
      return `memory limit exceeded: the test's processes used more than the ${size(t.limitBytes)} of memory they may use together, so the kernel killed ${t.kills === 1 ? 'one of them' : `${t.kills} of them`}`;
  }
}

/** A timeline event's words (wording/timeline.ts), a timeout's from the termination. */
export function timelineText(e: TimelineEvent, obs: Pick<Observation, 'termination'>): string {
  return e.kind === 'timeout' && obs.termination ? terminationReason(obs.termination) : eventWords(e);
}

/** A timeline event as a report holds it: when, what kind, whose, and its words. */
export function timelineEntry(e: TimelineEvent, obs: Pick<Observation, 'termination'>, ms: number): { ms: number; kind: string; stream?: string; process?: string; text: string } {
  const stream = e.kind === 'output' ? { stream: e.stream } : {};
  const process = eventProcess(e);
  return { ms, kind: e.kind, ...stream, ...(process !== undefined ? { process } : {}), text: timelineText(e, obs) };
}

/** After a repeated test's runs when `--repeat`'s budget for the whole grading ended them. */
export const REPEAT_BUDGET_RAN_OUT = "--repeat's budget ran out";

/** Once per grading whose `--repeat` budget ran out: what it was and what it cut. */
export function repeatBudgetHit(budgetMs: number, repeat: number, cut: number): string {
  return `--repeat ${repeat} stopped early: its budget for the whole grading (${Math.round(budgetMs / 60000)} min, --repeat-budget) ran out, so ${cut} test${cut === 1 ? '' : 's'} ran fewer than ${repeat} times (each says how many); a verdict rests on the runs made`;
}

/** Before the reason of a test whose first run ran out of time on an overloaded machine. */
export function overloadedRerun(load: string): string {
  return `the machine was overloaded during the first run (${load}), which is not your program's doing, so the test was run again alone; this verdict comes from that re-run`;
}

/** The load words of overloadedRerun when the test's steps came late because the grader could not run. */
export function lateSteps(lateMs: number, relayMs: number, load1: number, cpus: number): string {
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  return `the grader itself could not run for ${s(relayMs)}, so it saw what the programs did up to ${s(lateMs)} late and the test's steps came that late too; load ${load1.toFixed(1)} on ${cpus} CPU${cpus === 1 ? '' : 's'}`;
}

/** The load words of overloadedRerun when a check failed on a process no snapshot showed, while the grader could not look for a while. */
export function unseenProcesses(blindMs: number, load1: number, cpus: number): string {
  return `the grader could not look at the test's processes for ${(blindMs / 1000).toFixed(1)} s, so a process that lived less than that may have come and gone unseen; load ${load1.toFixed(1)} on ${cpus} CPU${cpus === 1 ? '' : 's'}`;
}

/** How a failed test's traced re-run (`--explain`) went, for the line beside its diagram. */
export type RetraceOutcome = 'same' | 'other' | 'passed' | 'error';

/** The line a student reads about the traced re-run of a failed test; its verdict is the first run's. */
export function tracedAgain(outcome: RetraceOutcome, why?: string): string {
  switch (outcome) {
    case 'same': return 'traced again: it failed the same way (the diagram is of the traced run)';
    case 'other': return 'traced again: it failed again, but not the same way (the diagram is of the traced run; the verdict is the first run\'s)';
    case 'passed': return 'traced again: it passed this time — a timing-dependent failure (the diagram is of the passing traced run; the verdict is the first run\'s)';
    case 'error': return `could not trace it again${why ? `: ${why}` : ''} (the diagram is of the first run, untraced)`;
  }
}
