// The sentences about a test that gave up: what each stuck process waited for and who could have
// woken it (harness/observe/diagnose.ts's facts), how long the test waited and for what
// (Observation.termination), and the CPU numbers that tell a busy loop from a starved process.
import { hexKey } from '../../harness/observe/snapshot.js';
import { CLOCK_TICKS, seconds } from '../../harness/observe/cpu.js';
import { shown } from '../../harness/init/codec.js';
import type { BlockedOn, Diagnosis, ProcessDiagnosis, ProcessIdentity } from '../../harness/observe/diagnose.js';
import type { CpuCredit, StepFailure, Termination } from '../../harness/run/observation.js';
import { describeCondition } from './conditions.js';
import type { Condition } from '../../harness/spec/types.js';

// ---- who ----

/** "`client[2]` (pid 7)", or for a process the student started "`cat` (pid 9, a child of main)". */
export function processName(w: ProcessIdentity): string {
  if (w.label) return `\`${w.label}\` (pid ${w.pid})`;
  const parent = w.parent ? w.parent.label ?? shown(w.parent.program) : undefined;
  return `\`${shown(w.program)}\` (pid ${w.pid}${parent ? `, a child of ${parent}` : ''})`;
}

// ---- what each process was doing ----

/** One process of a stuck test in a sentence: what it is doing, on what, and who could wake it. */
export function processWords(d: ProcessDiagnosis, all: Diagnosis): string {
  const name = processName(d.who);
  switch (d.state) {
    case 'zombie': return `${name} has exited but its parent has not waited for it (a zombie)`;
    case 'stopped': return `${name} is stopped`;
    case 'running':
    case 'starved': return runningWords(name, d, all);
    case 'blocked': return blockedWords(name, d);
  }
}

/** A blocked process; a Node program's event-loop wait and unhandled signals said as such. */
function blockedWords(name: string, d: ProcessDiagnosis): string {
  const on = d.on ? blockedOnWords(d.on) : '';
  if (d.node?.eventLoop) return `${name} is waiting in its event loop${on}`;
  const alarm = typeof d.alarm === 'object' ? `an alarm it set, due in ${seconds(d.alarm.inMs / 1000)}` : undefined;
  if (alarm && d.on?.kind === 'signal') return `${name} is waiting for ${alarm} (blocked in ${d.call}())`;
  const unknown = alarm ? `, until ${alarm}` : d.alarm === 'unknown' ? ' (whether it set an alarm() cannot be seen here)' : '';
  const plain = `${name} is blocked in ${d.call}()${on}${unknown}`;
  if (!d.node?.signalsUnhandled.length) return plain;
  return `${signalNeverHandled(d.node.signalsUnhandled, d.label, d.call!)}; ${plain}`;
}

/** The cause first: signals sent while a Node program sat in a synchronous call, which it never left. */
function signalNeverHandled(signals: string[], label: string, call: string): string {
  const which = signals.length === 1 ? signals[0] : `${signals.slice(0, -1).join(', ')} and ${signals[signals.length - 1]}`;
  return `the test sent ${which} while \`${label}\` was blocked in a synchronous ${call}(): a Node handler runs only when the event loop does, so it never ran`;
}

/** A process that is not in a system call: busy, starved or neither, with the numbers. */
function runningWords(name: string, d: ProcessDiagnosis, all: Diagnosis): string {
  const cpu = d.cpu;
  if (!cpu) {
    const used = d.cpuTicks / CLOCK_TICKS;
    return `${name} is running, not waiting for anything${used >= 0.05 ? ` (it has used ${seconds(used)} of CPU)` : ''}`;
  }
  const spent = `${seconds(cpu.cpuS)} of CPU in ${seconds(cpu.windowS)}`;
  if (cpu.kind === 'busy') return `${name} is running, not waiting for anything (it used ${spent}): a busy loop?`;
  if (cpu.kind === 'unclear') return `${name} is running, not waiting for anything (it used ${spent})`;
  const waited = `it waited ${seconds(cpu.delayS!)} of ${seconds(cpu.windowS)} for one, and ran ${seconds(cpu.cpuS)}`;
  return all.machineStarved
    ? `${name} was ready to run but the machine was too busy to give it a CPU (${waited})`
    : `${name} was ready to run but waited for a CPU (${waited}); the test's own processes used ${seconds(all.testCpuS)} of CPU in that time`;
}

/** After "is blocked in call()": the object, and why nothing can arrive. */
export function blockedOnWords(on: BlockedOn): string {
  switch (on.kind) {
    case 'descriptor': return ` on descriptor ${on.fd}`;
    case 'channel': return channelWords(on);
    case 'msg': {
      const q = 'key' in on.queue ? `message queue key ${hexKey(on.queue.key)} (${on.queue.messages} message${on.queue.messages === 1 ? '' : 's'} in it)` : `message queue id ${on.queue.id}`;
      return on.send ? ` on ${q}: the queue is full` : ` on ${q}, waiting for a message of type ${on.type}`;
    }
    case 'sem': return on.set ? ` on semaphore set key ${hexKey(on.set.key)} (values ${on.set.values.join(', ')}; waiting: ${on.set.waitingForIncrease.join(', ')})` : ' on a semaphore set';
    case 'posix-mq': {
      const q = on.queue;
      const which = q ? `the POSIX message queue ${shown(q.name)}${q.messages !== undefined ? ` (${q.messages} of at most ${q.maxMessages} messages)` : ''}` : 'a POSIX message queue';
      return on.send ? ` on ${which}: it is full` : ` on ${which}: it is empty`;
    }
    case 'futex': {
      const o = on.object;
      if (!o) return ' (a POSIX semaphore or a mutex: sem_wait)';
      if (o.kind === 'file') return ` on a semaphore or mutex in the shared mapping of ${shown(o.path)} (sem_wait)`;
      if (o.kind === 'sem') return ` on the POSIX named semaphore ${shown(o.name)} (sem_wait)`;
      return ` on a semaphore or mutex in the shared memory object ${shown(o.name)} (sem_wait)`;
    }
    case 'child': return ' waiting for a child to exit';
    case 'fifo-open': return ' opening a FIFO: it waits for the other end to be opened';
    case 'sleep': return ' (sleeping)';
    case 'signal': return ' waiting for a signal';
    case 'other': return '';
  }
}

/** A read or write on a pipe, FIFO or file: which, how full, and who holds the other end. */
function channelWords(on: Extract<BlockedOn, { kind: 'channel' }>): string {
  const f = on.fill;
  const fill = f ? (f.pending === 0 ? ' (empty)' : f.capacity > 0 && f.pending >= f.capacity ? ` (full: ${f.pending} bytes)` : ` (${f.pending} bytes waiting)`) : '';
  const what = (on.channel === 'pipe' ? 'a pipe' : on.channel === 'fifo' ? `the FIFO ${shown(on.target)}` : shown(on.target)) + fill;
  const where = on.fd === 0 ? 'its standard input, ' : on.fd === 1 ? 'its standard output, ' : '';
  const names = on.holders.map((h) => `${h.self ? 'itself' : processName(h.who)} (fd ${h.fd})`);
  const pipe = on.channel === 'pipe';
  if (!on.reading) return ` on ${where}${what}${names.length ? ` that ${names.join(', ')} could read, but does not` : ' (full: nobody reads it)'}`;
  // a blocked reader with no writer in sight: the writer is outside the test — ipclab, typing its input
  if (!names.length) return ` on ${where}${what}${pipe ? ' whose write end only the test holds: it waits for the test\'s input' : ''}`;
  // a FIFO server keeping its own write end open is a common design (it must not see end of file between clients): said as a fact, not as a fault
  const tail = !on.holders.some((h) => h.self) ? ' — end of file comes only when every write end is closed'
    : pipe ? ' — it can never see end of file while it holds a write end itself'
      : ', so it waits for the next writer instead of seeing end of file';
  return ` on ${where}${what} whose write end is still open in ${names.join(', ')}${tail}`;
}

// ---- the whole picture ----

/** What was going on when the test gave up: the standstill, then each process. */
export function diagnosisSummary(d: Diagnosis): string {
  const each = d.processes.map((p) => processWords(p, d)).join('; ');
  switch (d.standstill) {
    case 'none-left': return 'no process of the test was left';
    case 'deadlock': return `deadlock: ${(d.cycle ?? []).map((c) => `${processName(c.who)} waits for ${processName(c.waitsFor)}`).join('; ')}. ${each}`;
    case 'all-blocked': return `every process is waiting and none can go on: ${each}`;
    case 'mixed': return each;
  }
}

/** The starved processes of a test the machine gave too little CPU (Diagnosis.machineStarved). */
export function machineStarvedWords(d: Diagnosis): string | undefined {
  if (!d.machineStarved) return undefined;
  return d.processes.filter((p) => p.state === 'starved').map((p) => processWords(p, d)).join('; ');
}

/** In place of a diagnosis already said in full for an earlier test of the same grading. */
export function sameCauseAs(test: string): string {
  return `same cause as in \`${test}\` (above)`;
}

// ---- how long the test waited, and for what ----

/** " (not counting 1.2 s its processes waited for a CPU)": time credited to a stretched limit. */
export function starvedNote(c: CpuCredit): string {
  return c.creditMs >= 100 ? ` (not counting ${loadWords(c.creditMs, c.stallMs)})` : '';
}

/** "1.2 s its processes waited for a CPU and 2.5 s the grader itself could not run", the parts of at least 0.1 s. */
function loadWords(creditMs: number, stallMs: number): string {
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  const parts = [];
  if (creditMs - stallMs >= 100) parts.push(`${s(creditMs - stallMs)} its processes waited for a CPU`);
  if (stallMs >= 100) parts.push(`${s(stallMs)} the grader itself could not run`);
  return parts.join(' and ');
}

/** Why the script could not go on: a wait that never came true, a step that could not be carried out. */
export function stepFailureWords(f: StepFailure): string {
  switch (f.kind) {
    case 'template': return `the test could not carry out one of its steps: ${f.error}`;
    case 'start': return `the test could not start ${f.processes.join(', ')}: ${f.error}`;
    case 'wait': {
      const waited = `the test waited ${(f.waitedMs / 1000).toFixed(1)} s for ${describeCondition(f.condition)}`;
      if (f.hangQuietMs !== undefined) return `${waited}, which cannot happen any more: every process of the test was blocked, with no output, no exit and no CPU used for ${(f.hangQuietMs / 1000).toFixed(1)} s`;
      if (f.testEnded) return testEndedWords(f.condition, f.waitedMs, f.testEnded);
      return `${waited}, which did not happen${starvedNote(f.credit)}`;
    }
  }
}

/** A wait that the test's own time ended: how long the test had run in all, then how long this wait had lasted. */
function testEndedWords(c: Condition, waitedMs: number, t: { elapsedMs: number; limitMs: number; credit: CpuCredit }): string {
  const s = (x: number) => `${(x / 1000).toFixed(1)} s`;
  return `the test ran out of time while it waited for ${describeCondition(c)}: it had run ${s(t.elapsedMs)} in all, past its limit of ${t.limitMs / 1000} s${starvedNote(t.credit)}, and this wait had lasted ${s(waitedMs)}`;
}

/** A test out of time: recognised as a hang, or past its timeout; and who was still running. */
export function timeoutWords(t: Extract<Termination, { reason: 'timeout' }>): string {
  const running = `${t.stillRunning.map((l) => `\`${l}\``).join(', ')} still running`;
  if (t.hang) return `the test could not finish: every process still running was blocked, with no output, no exit and no CPU used for ${(t.hang.quietMs / 1000).toFixed(1)} s: ${running}`;
  return `the test did not finish within ${t.timeoutMs / 1000} s${starvedNote(t.credit)}: ${running}`;
}
