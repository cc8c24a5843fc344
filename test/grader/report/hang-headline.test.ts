// A test that gave up leads with its cause, a cause repeated across one grading's tests is said
// once (terminal, html) and kept whole in JSON, and the terminal's diffs are coloured only when wanted.
import { exerciseViews, studentBlocks, studentView } from '../../../grader/report/student-view.js';
import { colorWanted, renderTerminal } from '../../../grader/report/terminal.js';
import { renderHtml } from '../../../grader/report/html.js';
import { renderJson } from '../../../grader/report/json.js';
import { verdict } from '../../../grader/score.js';
import type { TestResult } from '../../../grader/model.js';
import type { TestSpec } from '../../../harness/spec/types.js';
import { exercise, failing, result, test } from './fixtures.js';
import { diagnosisOf, observation, outOfTime, proc, stream, waitGaveUp } from '../checks/observations.js';
import { applyHints } from '../../../grader/hints.js';
import type { ProcessDiagnosis } from '../../../harness/observe/diagnose.js';

const stuck = (pid: number, run: string) => `every process is waiting and none can go on: \`server\` (pid ${pid}) is blocked in read() on the FIFO /tmp/${run}/work/server.fifo whose write end is still open in itself (fd 4)`;
const HINT = 'nothing reached stdout while the test waited for it: call fflush(stdout)';

function gaveUp(name: string, over: Partial<TestResult> = {}): TestResult {
  return test({
    name, status: 'failed', gaveUp: true, cause: 'stdout-buffered',
    reason: `the test waited 5.0 s for \`server\` to print the line "ready", which did not happen (${name})`,
    diagnosis: stuck(2, `ipclab-${name}`), hints: [HINT],
    findings: [{ title: '1 check not checked', passed: true, notChecked: { count: 1, because: '`client` was never started' } }],
    ...over,
  });
}

describe('the headline of a test that gave up', () => {
  it('is what the processes were stuck in, then what the test waited for, then the hint', () => {
    const texts = studentBlocks(studentView(gaveUp('one'))).map((b) => b.text);
    expect(texts.slice(0, 3)).toEqual([stuck(2, 'ipclab-one'), expect.stringMatching(/^the test waited 5\.0 s/), `hint: ${HINT}`]);
    expect(texts.join('\n')).not.toContain('what was going on');
  });

  it('is the one hint that explains it alone, with its facts, when there is one: then what the test waited for, then the evidence', () => {
    const spec: TestSpec = {
      name: 'one-client', title: 't', points: 1, processes: { server: { run: ['srv'] }, client: { run: ['cli'] } },
      script: [{ start: 'server' }, { wait: { output: { stream: 'server', line: 'ready' } } }, { start: 'client' }], checks: [],
    };
    const server: ProcessDiagnosis = { pid: 2, label: 'server', program: 'srv', who: { pid: 2, label: 'server', program: 'srv' }, state: 'blocked', call: 'read', cpuTicks: 0 };
    const obs = observation({
      processes: [proc('server', { pid: 2, exit: { signal: 'SIGKILL' }, killedBy: 'timeout' }), proc('client', { pid: undefined, exit: undefined })],
      streams: { server: stream('') }, termination: waitGaveUp(1), diagnosis: diagnosisOf([server], { standstill: 'all-blocked' }),
    });
    const r = verdict(spec, obs, [], 'full');
    applyHints(r, spec, obs, {});
    expect(studentBlocks(studentView(r)).map((b) => b.text)).toEqual([
      '`server` wrote 0 bytes to its standard output, yet it was still running, blocked in read(): if it printed what the test waits for, that is still in its stdio buffer (stdout is a pipe, so it is fully buffered) — call fflush(stdout) after printing, or setvbuf(stdout, NULL, _IOLBF, 0) at the start',
      'the test waited 5.0 s for `server` to print the line "ready", which did not happen',
      'what was going on: every process is waiting and none can go on: `server` (pid 2) is blocked in read()',
    ]);
  });

  it('is set by the verdict only for a wait or a timeout, not for a step that could not be carried out', () => {
    const spec: TestSpec = { name: 't', title: 't', points: 1, processes: { server: { run: ['srv'] } }, checks: [] };
    const diagnosis = diagnosisOf([], { standstill: 'none-left' });
    const processes = [proc('server')];
    expect(verdict(spec, observation({ processes, termination: waitGaveUp(1), diagnosis }), [], 'full').gaveUp).toBe(true);
    const template = observation({ processes, diagnosis, termination: { reason: 'step-timeout', step: 1, failure: { kind: 'template', error: 'unknown variable' } } });
    expect(verdict(spec, template, [], 'full').gaveUp).toBeUndefined();
  });

  it('keeps the old order for other failures: reason, hints, then what was going on', () => {
    const texts = studentBlocks(studentView(failing('f'))).map((b) => b.text);
    expect(texts.slice(0, 3)).toEqual(['the output of `client` is not what was expected', 'hint: reply with the mtype the client asked for', 'what was going on: `server` is blocked in msgrcv() on queue 0x1234']);
  });
});

describe('a cause repeated in one grading', () => {
  const tests = [gaveUp('one'), gaveUp('two', { diagnosis: stuck(3, 'ipclab-two') }), gaveUp('three', { hints: ['another hint'] })];

  it('is said in full once and referred to after, pids and run folders aside; another hint is another cause', () => {
    const views = exerciseViews(tests);
    expect(views.map((v) => v.sameCauseAs)).toEqual([undefined, 'one', undefined]);
    const second = studentBlocks(views[1]).map((b) => b.text);
    expect(second[0]).toBe('same cause as in `one` (above)');
    expect(second[1]).toMatch(/\(two\)$/); // what this test waited for stays its own
    expect(second.join('\n')).not.toContain(HINT);
  });

  it('is compared as facts: CPU seconds, byte counts, pids and keys differ, the cause is the same; another wait is another cause', () => {
    const spec = (name: string): TestSpec => ({ name, title: 't', points: 1, processes: { producer: { run: ['p'] }, consumer: { run: ['c'] } }, checks: [] });
    const who = (pid: number, label: string) => ({ pid, label, program: label });
    // a busy producer and a consumer blocked reading a pipe the producer holds open, numbers from run to run
    const stuck = (pid: number, cpuS: number, pending: number, call = 'read'): ProcessDiagnosis[] => [
      { pid, label: 'producer', program: 'producer', who: who(pid, 'producer'), state: 'running', cpuTicks: cpuS * 100, cpu: { windowS: 5, cpuS, kind: 'busy' } },
      {
        pid: pid + 1, label: 'consumer', program: 'consumer', who: who(pid + 1, 'consumer'), state: 'blocked', call, cpuTicks: 0,
        on: { kind: 'channel', fd: 0, reading: true, channel: 'pipe', target: `pipe:[${pid * 7}]`, fill: { pending, capacity: 65536 }, holders: [{ who: who(pid, 'producer'), fd: 4, self: false }] },
      },
    ];
    const graded = (name: string, d: ProcessDiagnosis[]) => {
      const obs = observation({ processes: [proc('producer'), proc('consumer')], termination: outOfTime(2000, ['producer', 'consumer']), diagnosis: diagnosisOf(d) });
      return verdict(spec(name), obs, [], 'full');
    };
    const tests = [graded('small', stuck(2, 4.9, 0)), graded('large', stuck(7, 3.2, 12)), graded('other', stuck(9, 4.9, 0, 'readv'))];
    expect(tests[0].diagnosis).not.toBe(tests[1].diagnosis!.replace(/pid \d+/g, 'pid 2')); // the words differ
    expect(exerciseViews(tests).map((v) => v.sameCauseAs)).toEqual([undefined, 'small', undefined]);
  });

  it('is not referred to a hidden test, whose diagnosis the student never saw', () => {
    const views = exerciseViews([gaveUp('hidden', { hidden: true }), gaveUp('shown')]);
    expect(views.map((v) => v.sameCauseAs)).toEqual([undefined, undefined]);
  });

  it('terminal and html say it once; the JSON keeps every diagnosis and hint', () => {
    const r = result([exercise('fifo-seqnum', tests)]);
    const text = renderTerminal(r, { color: false, verbose: false });
    expect(text.split(HINT)).toHaveLength(2); // once, in test one
    expect(text).toContain('another hint'); // test three's own cause, in full
    expect(text).toContain('same cause as in `one` (above)');
    expect(renderHtml(r)).toContain('same cause as in `one` (above)');
    const json = JSON.parse(renderJson(r));
    const two = json.exercises[0].tests[1];
    expect(two).toMatchObject({ diagnosis: stuck(3, 'ipclab-two'), hints: [HINT] });
  });
});

describe('coloured diffs', () => {
  const r = result([exercise('e', [failing('f')])]);
  const ESC = '\x1b[';

  it('colours removed lines red and added ones green when colour is on, and uses no escape at all when off', () => {
    const on = renderTerminal(r, { color: true, verbose: false });
    expect(on).toMatch(/\x1b\[31m\s*│ -SECRET-EXPECTED\x1b\[39m/);
    expect(on).toMatch(/\x1b\[32m\s*│ \+what the program printed\x1b\[39m/);
    expect(renderTerminal(r, { color: false, verbose: false })).not.toContain(ESC);
  });

  it('is on only on a TTY, and off with NO_COLOR set to anything', () => {
    expect(colorWanted({ isTTY: true }, {})).toBe(true);
    expect(colorWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorWanted({ isTTY: true }, { NO_COLOR: '' })).toBe(true); // no-color.org: set and not empty
    expect(colorWanted({ isTTY: false }, {})).toBe(false);
    expect(colorWanted({}, {})).toBe(false);
  });
});
