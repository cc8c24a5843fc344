// A submission that starves itself of CPU must not pass for a busy machine: "not your fault" is
// ipclab's word about the grading machine, and a student must not be able to make it say that.
// The honest case beside it: a program starved by the instructor's busy processes is an error of
// the machine, never "a busy loop". Both through the built CLI, as root and as a grader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, privateTmp, workspace, type Grader, type Workspace } from './grader.js';

const fixtures = join(packageRoot(), 'test', 'fixtures', 'starved');
const catalogue = join(fixtures, 'exercises');

interface Graded { status: string; points: number; reason?: string; diagnosis?: string }

describe.each(graders)('a starved test (grader: %s)', (as: Grader) => {
  let ws: Workspace;
  let opts: { home: string; cwd: string; env: Record<string, string> };
  beforeAll(() => {
    ws = workspace(as, 'ipclab-starved-');
    opts = { home: ws.dir, cwd: ws.dir, env: { TMPDIR: privateTmp(ws, as) } };
  });
  afterAll(() => ws.remove());

  async function grade(sub: string, test: string): Promise<Graded> {
    const out = join(ws.dir, `${sub}-${test}.json`);
    const r = await ipclab(['grade', join(fixtures, 'subs', sub), '--catalogue', catalogue, '--test', test, '-f', 'json', '--out', out, '--exit-zero', '-q'], as, opts);
    expect(r.stderr).toBe('');
    return JSON.parse(readFileSync(out, 'utf8')).exercises[0].tests[0];
  }

  it('a submission that starves itself with CPU burners of its own fails: never "not your fault"', async () => {
    const t = await grade('self-starver', 'plain');
    // the attack took effect: main really was starved (against CPU accounting that saw only the
    // live processes, this graded as an error of the machine)
    expect(t.diagnosis).toMatch(/^`main` \(pid \d+\) was ready to run but waited for a CPU \(it waited/);
    expect(t.status).toBe('failed');
    expect(t.points).toBe(0);
    expect(`${t.reason}\n${t.diagnosis}`).not.toMatch(/not your fault|the machine was too busy/);
  });

  it('an honest program starved by the spec\'s busy processes is an error of the machine, not a busy loop', async () => {
    const t = await grade('slow-start', 'crowded');
    expect(t.status).toBe('error');
    // the spec's own busy processes are there in the re-run alone too: it says so, and the same
    expect(t.reason).toMatch(/^(the machine was overloaded during the first run .*, so the test was run again alone; this verdict comes from that re-run: )?the machine grading this was too busy to run the test in time \(not your fault\): the test did not finish within 2 s/);
    expect(t.diagnosis).toMatch(/^`main` \(pid \d+\) was ready to run but the machine was too busy to give it a CPU \(it waited \d+\.\d s of \d+\.\d s for one, and ran \d+\.\d s\)$/);
    expect(t.diagnosis).not.toMatch(/busy loop/);
  });
});
