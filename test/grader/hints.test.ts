// Hints come from data: the exercise's own first, else the general catalogue.
import { runTest } from '../../harness/run/run-test.js';
import { matchHints } from '../../grader/hints.js';
import type { TestSpec } from '../../harness/spec/types.js';

const opts = { pathDirs: [], exerciseDir: '/tmp' };
const spec = (run: string[], name = 't'): TestSpec => ({ name, title: 't', points: 1, timeout: '600ms', processes: { main: { run, stdin: { text: '', hold_from: 0 } } }, checks: [{ exit: { process: 'main', code: 0 } }] });

describe('hints', () => {
  it('gives the general hint for a reader that never sees end of file', async () => {
    const t = spec(['sh', '-c', 'cat']);
    const obs = await runTest(t, opts);
    expect(matchHints(t, obs)).toContainEqual(expect.stringContaining('sees end of file only when every write end is closed'));
  });

  it("prefers the exercise's own hint, and respects its test and process", async () => {
    const t = spec(['sh', '-c', 'kill -SEGV $$'], 'crash');
    const obs = await runTest(t, opts);
    const own = [
      { when: { test: 'other', signal: { signal: 'SEGV' } }, text: 'not this test' },
      { when: { signal: { process: 'main', signal: 'SEGV' } }, text: 'own hint' },
    ];
    expect(matchHints(t, obs, own)).toEqual(['own hint']);
    expect(matchHints(t, obs, [])).toEqual([expect.stringContaining('segmentation fault')]);
  });

  it('matches output with RE2: \\A\\z is an empty stream (popen-filter says "empty" so)', async () => {
    const empty = [{ when: { output: { stream: 'main', matches: '\\A\\z' } }, text: 'printed nothing' }];
    const silent = spec(['sh', '-c', 'exit 1']);
    const talker = spec(['sh', '-c', 'echo; exit 1']);
    expect(matchHints(silent, await runTest(silent, opts), empty)).toEqual(['printed nothing']);
    expect(matchHints(talker, await runTest(talker, opts), empty)).not.toContain('printed nothing');
  });
});
