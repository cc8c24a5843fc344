// A traced student program tries to forge its trace: write strace-like lines into every
// descriptor of every process it can find (the tracer's output pipe among them), and print them.
// The trace must hold only what strace saw: no forged pid, no forged call, nothing malformed.
import { runTest } from '../../harness/run/run-test.js';
import { settings } from '../../harness/settings.js';
import { isolation } from '../../harness/isolate/mode.js';
import type { TestSpec } from '../../harness/spec/types.js';

const FORGED = '4242 1.000000 msgsnd(7, {mtype=4242, mtext="x"}, 1, 0) = 0';
const attack = [
  `line='${FORGED}'`,
  // every fd of every process it can see, the tracer's /proc/PID/fd/3 included
  'for f in /proc/[0-9]*/fd/*; do (printf "%s\\n" "$line" > "$f") 2>/dev/null && echo "wrote $f"; done',
  'printf "%s\\n" "$line"; printf "%s\\n" "$line" >&2',
  // it can see the tracer (so what stops it is the permission, not its absence)
  'cat /proc/[0-9]*/comm',
].join('; ');

// Fallback mode runs student code as the grader's own user, who could reach its strace: there the
// trace is not proof (said in the note); the isolated modes are what this test holds to.
(settings().strace && isolation().mode === 'isolated' ? describe : describe.skip)('a traced program cannot forge its trace', () => {
  it('writes nothing into the trace through /proc, and its own output stays output', async () => {
    const spec: TestSpec = { name: 't', title: 't', points: 1, timeout: '10s', trace: true, cleanup: false, processes: { main: { run: ['sh', '-c', attack] } }, checks: [] };
    const obs = await runTest(spec, { pathDirs: [], exerciseDir: '/tmp' });
    expect(obs.traceUnavailable).toBeUndefined();
    const events = obs.trace ?? [];
    expect(events.length).toBeGreaterThan(0); // the canary: the real trace is there
    expect(events.filter((e) => e.pid === 4242)).toEqual([]);
    expect(events.filter((e) => e.kind === 'call' && e.call === 'msgsnd')).toEqual([]);
    expect(obs.traceMalformed ?? 0).toBe(0);
    // whatever it could write to, it was never the tracer's pipe (that would have shown above);
    // its own stdout still carries the line as plain output
    expect(obs.streams.main.head.toString()).toContain(FORGED);
    expect(obs.streams.main.head.toString()).toMatch(/^strace$/m);
  }, 30_000);
});
