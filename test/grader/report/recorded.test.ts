// Reports of known buggy solutions from their recorded Observations (test/fixtures/observations/):
// the checks, the verdict, the hints and the student view run on a real run's facts, with no
// process started, and must give the report the student read then.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalogue } from '../../../harness/spec/load.js';
import { observationFromJson, observationToJson } from '../../../harness/run/observation-json.js';
import { judged } from '../../../grader/grade.js';
import { reportText } from '../../../bench/feedback-tally.js';
import { causeMismatch, knownSolutions } from '../../../grader/solutions.js';
import { packageRoot } from '../../../harness/settings.js';
import { observation, stream, inventory, processState } from '../checks/observations.js';

const dir = join(packageRoot(), 'test', 'fixtures', 'observations');
const catalogue = loadCatalogue();
const recorded = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));

function judge(name: string) {
  const [exercise, solution] = name.split('.');
  const ex = catalogue.find((e) => e.spec.id === exercise)!;
  const s = knownSolutions(ex).find((k) => k.name === solution)!;
  const test = ex.spec.tests.find((t) => s.fails.includes(t.name))!;
  return { s, result: judged(ex, test, observationFromJson(readFileSync(join(dir, `${name}.json`), 'utf8'))) };
}

describe('reports from recorded runs', () => {
  it('has the runs it is about', () => {
    expect(recorded).toEqual(expect.arrayContaining(['fifo-seqnum.ready-not-flushed', 'msgq-ping-pong.ready-not-flushed', 'shm-transfer.ready-not-flushed']));
  });

  it.each(recorded)('%s: the report the student read, led by the declared cause', (name) => {
    const { s, result } = judge(name);
    const text = `${reportText(result)}\n`;
    if (process.env.IPCLAB_RERENDER) writeFileSync(join(dir, `${name}.txt`), text);
    expect(text).toBe(readFileSync(join(dir, `${name}.txt`), 'utf8'));
    expect(causeMismatch(s, [result])).toBeUndefined();
  });

  it.each(['fifo-seqnum', 'msgq-ping-pong', 'shm-transfer'])('%s ready-not-flushed: the empty stdout of the process still running leads', (exercise) => {
    const first = reportText(judge(`${exercise}.ready-not-flushed`).result).split('\n')[0];
    expect(first).toMatch(/^`(server|writer)` wrote 0 bytes to its standard output, yet it was still running, blocked in (read|msgrcv|semtimedop)\(\): if it printed what the test waits for, that is still in its stdio buffer .* call fflush\(stdout\) after printing/);
  });
});

describe('the Observation codec', () => {
  it('keeps bytes and bigints exact, and reads nothing else as one', () => {
    const obs = observation({
      streams: { main: stream(Buffer.from([0, 0xff, 0x0a, 0x80])) },
      final: inventory({ t: 12345678901234567890n, processes: [processState(7, { maps: [{ start: 0x7f0000000000n, end: 0x7f0000001000n, path: '/x', inode: 1, dev: '0:1', perms: 'rw-s', shared: true }] })] }),
      vars: { dir: '/w', note: '{"$ipclab-base64":"AA=="}' },
    });
    const back = observationFromJson(observationToJson(obs));
    expect(back).toEqual(obs);
    expect(Buffer.isBuffer(back.streams.main.head)).toBe(true);
    expect(typeof back.final!.t).toBe('bigint');
  });
});
