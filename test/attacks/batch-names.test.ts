// Student folder names against grade-batch: a name that is also one of ipclab's outputs is
// graded like any other; names are compared in Unicode NFC, and two folders with one name are
// refused rather than guessed; a grading ipclab fails at is `error`, not 0, and retried.
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, privateTmp, workspace, type Grader, type Workspace } from './grader.js';

const fixtures = join(packageRoot(), 'test', 'fixtures', 'signals');
const catalogue = join(fixtures, 'exercises');
const HEADER = 'student,exercise,points,max';

describe.each(graders)('grade-batch and student names (grader: %s)', (as: Grader) => {
  let ws: Workspace;
  let env: Record<string, string>;
  beforeEach(() => {
    ws = workspace(as, 'ipclab-batch-names-');
    env = { TMPDIR: privateTmp(ws, as) };
  });
  afterEach(() => ws.remove());

  /** A class of honest students (each prints ok: 1/1) under these folder names. */
  const classOf = (names: string[]) => {
    const cls = join(ws.dir, 'class');
    for (const n of names) cpSync(join(fixtures, 'subs', 'quick'), join(cls, n), { recursive: true });
    return cls;
  };
  const batch = (cls: string, extra: string[] = [], more: Record<string, string> = {}) =>
    ipclab(['grade-batch', cls, '--catalogue', catalogue, '--jobs', '2', '--out', join(ws.dir, 'results'), ...extra], as, { home: ws.dir, cwd: ws.dir, env: { ...env, ...more } });
  const gradebook = () => readFileSync(join(ws.dir, 'results', 'gradebook.csv'), 'utf8');

  it('grades students named like its own outputs exactly like the others', async () => {
    const cls = classOf(['alice', 'gradebook.csv', '.ipclab', 'students', 'report.txt']);
    const r = await batch(cls);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // the honest score for each: the gradebook is a file, and every name has its own row
    expect(gradebook()).toBe([HEADER, '.ipclab,sleeper,1,1', 'alice,sleeper,1,1', 'gradebook.csv,sleeper,1,1', 'report.txt,sleeper,1,1', 'students,sleeper,1,1', ''].join('\n'));
    expect(existsSync(join(ws.dir, 'results', 'students', '%2Eipclab', 'result.json'))).toBe(true);
    expect(existsSync(join(ws.dir, 'results', 'students', 'gradebook.csv', 'result.json'))).toBe(true);
  }, 120_000);

  it('names students in NFC, and grades neither of two folders that are one name', async () => {
    const nfd = 'Jose\u0301';
    const nfc = 'Jos\u00e9';
    const cls = classOf(['alice', nfd, nfc, 'Zoe\u0308']);
    const r = await batch(cls);
    // the folders sorted by code point; each spelled so that the two read apart
    expect(r.stderr.trimEnd().split('\n')).toEqual(['ipclab: warning: the folders "Jose\\u0301" and "Jos\\u00e9" are one name once normalised (NFC): rename all but one; none of them was graded']);
    expect(r.code).toBe(1);
    // a lone NFD name is graded under its NFC form; the pair gets `error`, not a guess
    expect(gradebook()).toBe([HEADER, 'alice,sleeper,1,1', `${nfc},,error,`, 'Zo\u00eb,sleeper,1,1', ''].join('\n'));
    expect(existsSync(join(ws.dir, 'results', 'students', nfc, 'result.json'))).toBe(false);
    expect(existsSync(join(ws.dir, 'results', 'students', 'Zo\u00eb', 'result.json'))).toBe(true);
  }, 120_000);

  it.each([['in-process', []], ['--workers', ['--workers']]] as const)('records a grading ipclab fails at as error and grades it again next time (%s)', async (_how, extra) => {
    const cls = classOf(['alice', 'bob']);
    const first = await batch(cls, [...extra], { IPCLAB_TEST_CRASH: 'bob' });
    expect(first.stdout).toMatch(/ERROR {2}bob/);
    expect(first.code).toBe(3);
    expect(gradebook()).toBe([HEADER, 'alice,sleeper,1,1', 'bob,sleeper,error,1', ''].join('\n'));
    expect(existsSync(join(ws.dir, 'results', 'students', 'bob', 'result.json'))).toBe(false);
    const second = await batch(cls, [...extra]);
    expect(second.stdout).toMatch(/ {3}done {2}alice/);
    expect(second.stdout).toMatch(/1\/1 {2}bob/);
    expect(second.code).toBe(0);
    expect(gradebook()).toBe([HEADER, 'alice,sleeper,1,1', 'bob,sleeper,1,1', ''].join('\n'));
  }, 120_000);
});
