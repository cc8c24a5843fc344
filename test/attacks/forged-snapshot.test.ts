// Issue 10, exploit 2: a submission names its objects, its processes and its files so that the
// init's snapshot seems to say something else (leaks vanish, a missing object appears). The
// same program with and without those names must get the same, honest, score.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, workspace, type Grader } from './grader.js';

const here = join(packageRoot(), 'test', 'fixtures', 'attacks', 'forged-snapshot');
const source = readFileSync(join(here, 'forge.c'), 'utf8');

interface Finding { title: string; passed: boolean; rationale?: string; hint?: string }
interface Test { name: string; status: string; points: number; findings: Finding[] }

/** Grades forge.c built with FORGE 0 or 1; the two differ in that line only. */
async function grade(as: Grader, forge: boolean): Promise<{ points: number; tests: Test[] }> {
  const ws = workspace(as);
  try {
    const sub = join(ws.dir, 'sub');
    mkdirSync(join(sub, 'forge'), { recursive: true });
    writeFileSync(join(sub, 'forge', 'forge.c'), source.replace(/^#define FORGE 1$/m, `#define FORGE ${forge ? 1 : 0}`));
    const out = join(ws.dir, 'result.json');
    const r = await ipclab(['grade', sub, '--catalogue', join(here, 'catalogue'), '--format', 'json', '--out', out, '--exit-zero', '-q'], as, { home: ws.dir });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(readFileSync(out, 'utf8'));
    return { points: result.points, tests: result.exercises[0].tests };
  } finally {
    ws.remove();
  }
}

describe.each(graders)('a forged snapshot (grader: %s)', (as) => {
  let honest: { points: number; tests: Test[] };
  let forged: { points: number; tests: Test[] };
  beforeAll(async () => {
    expect(source).toMatch(/^#define FORGE 1$/m);
    [honest, forged] = await Promise.all([grade(as, false), grade(as, true)]);
  }, 120_000);

  it('the honest program is graded for its leaks', () => {
    expect(honest.tests.map((t) => `${t.name}:${t.status}`)).toEqual(['runs:passed', 'sysv:failed', 'mq:failed', 'present:failed', 'sample:failed', 'children:failed']);
    expect(honest.points).toBe(1);
  });

  it('the forging program gets the same score, test by test and check by check', () => {
    expect(forged.points).toBe(honest.points);
    expect(forged.tests.map((t) => [t.name, t.status, t.points])).toEqual(honest.tests.map((t) => [t.name, t.status, t.points]));
    expect(forged.tests.map((t) => t.findings.map((f) => f.passed))).toEqual(honest.tests.map((t) => t.findings.map((f) => f.passed)));
  });

  it('its leaks are all seen, and its names are shown escaped, never raw', () => {
    const left = (t: Test) => t.findings.find((f) => f.title === 'nothing is left behind')!;
    const sysv = left(forged.tests.find((t) => t.name === 'sysv')!);
    expect(sysv.rationale).toMatch(/message queue key 0x[0-9a-f]{8} .*shared memory segment key 0x[0-9a-f]{8}/);
    expect(sysv.rationale).toContain('POSIX shared memory object /\\n@msg\\n@shm');
    expect(left(forged.tests.find((t) => t.name === 'mq')!).rationale).toMatch(/POSIX message queue \/ipclab-/);
    const children = left(forged.tests.find((t) => t.name === 'children')!).rationale!;
    // a process is named by its program (argv), shown escaped like its comm would be
    expect(children).toContain('`forge` (pid 3)');
    expect(children).toContain('`\\x1b[2J\\nend\\n@msg` (pid');
    for (const f of forged.tests.flatMap((t) => t.findings)) expect(`${f.rationale ?? ''}${f.hint ?? ''}`).not.toMatch(/[\x00-\x1f\x7f]/);
  });
});
