// The words of a timeline event (harness/run/observation.ts's TimelineEvent facts): "started: …",
// "the test typed …", "… was reaped by the harness". A timeout's words come from the run's
// termination (grader/wording.ts timelineText); an output line is the student's own text.
import { shown } from '../../harness/init/codec.js';
import type { TimelineEvent } from '../../harness/run/observation.js';
import { describeObject } from './objects.js';

/** What the test did at a send step, after "the test ". */
export function sendWords(e: Extract<TimelineEvent, { kind: 'step' }>): string {
  return e.text !== undefined ? `typed ${JSON.stringify(e.text)}` : e.rest ? 'sent the rest of standard input' : 'closed standard input';
}

/** Whether a send step fed input (it typed text or sent the rest), not only closed it. */
export const fedInput = (e: Extract<TimelineEvent, { kind: 'step' }>): boolean => e.text !== undefined || !!e.rest;

/** Every event's words but a timeout's, which has none of its own (''). */
export function eventWords(e: TimelineEvent): string {
  switch (e.kind) {
    case 'start': return `started: ${e.argv.join(' ')} (pid ${e.pid})`;
    case 'exit': return e.exit.signal ? `killed by ${e.exit.signal}` : `exited ${e.exit.code}`;
    case 'signal': return `the test sent ${e.signal}`;
    case 'output': return e.binary ? '(binary output)' : e.text;
    case 'orphan': return `${shown(e.comm)} (pid ${e.pid}) was reaped by the harness: its parent had exited without waiting for it`;
    case 'step': return `the test ${sendWords(e)}`;
    case 'sample': return 'the test looked at the processes';
    case 'timeout': return '';
    case 'ipc': return `${describeObject(e.object)} ${e.change}`;
  }
}

/** The test process an event belongs to, if any (an orphan, a sample, an object belong to none). */
export function eventProcess(e: TimelineEvent): string | undefined {
  return 'process' in e ? e.process : undefined;
}
