// Bad input to the CLI: one clear line on stderr and exit 2 — never a stack trace, never exit 3
// half-way through a grading. ipclab's own faults are exit 3 with the report still written.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { asGraderUid, graders, ipclab, privateTmp, workspace, type Grader, type Workspace } from './grader.js';

const fixtures = join(packageRoot(), 'test', 'fixtures', 'signals');
const catalogue = join(fixtures, 'exercises');
const quick = join(fixtures, 'subs', 'quick');
const isRoot = process.getuid?.() === 0;

/** Each case: the arguments (ws = a folder the grader may write) and what the line must say. */
const CASES: Array<[string, (ws: string) => string[], RegExp]> = [
  ['a missing --catalogue', () => ['grade', quick, '--catalogue', '/nonexistent/ipclab'], /--catalogue \/nonexistent\/ipclab does not exist/],
  ['a --catalogue that is a file', (ws) => ['grade', quick, '--catalogue', join(ws, 'file')], /--catalogue .*file is not a folder/],
  ['a --catalogue without exercises', (ws) => ['grade', quick, '--catalogue', join(ws, 'empty')], /holds no exercise/],
  ['a missing submission', () => ['grade', '/nonexistent/sub', '--catalogue', catalogue], /the submission \/nonexistent\/sub does not exist/],
  ['a submission that is a file', (ws) => ['grade', join(ws, 'file'), '--catalogue', catalogue], /is not a folder/],
  ['a submission without exercise folders', (ws) => ['grade', join(ws, 'empty'), '--catalogue', catalogue], /has no folder named after an exercise/],
  ['--out-dir naming a file', (ws) => ['grade', quick, '--catalogue', catalogue, '-f', 'json', '--out-dir', join(ws, 'file')], /--out-dir .*is a file, not a folder/],
  ['--out-dir under a file', (ws) => ['grade', quick, '--catalogue', catalogue, '-f', 'json', '--out-dir', join(ws, 'file', 'reports')], /is a file, not a folder/],
  ['--out naming a folder', (ws) => ['grade', quick, '--catalogue', catalogue, '-f', 'json', '--out', ws], /--out .* is a folder/],
  ['--out in a missing folder under a file', (ws) => ['grade', quick, '--catalogue', catalogue, '-f', 'json', '--out', join(ws, 'file', 'r.json')], /is a file, not a folder/],
  ['--repeat abc', () => ['grade', quick, '--catalogue', catalogue, '--repeat', 'abc'], /--repeat.*'abc' is invalid/],
  ['--repeat -5', () => ['grade', quick, '--catalogue', catalogue, '--repeat', '-5'], /--repeat.*'-5' is invalid/],
  ['--repeat 0', () => ['grade', quick, '--catalogue', catalogue, '--repeat', '0'], /--repeat.*'0' is invalid/],
  ['an unknown --format', () => ['grade', quick, '--catalogue', catalogue, '--format', 'json,pdf'], /unknown report format pdf/],
  ['a --format named like an object property', () => ['grade', quick, '--catalogue', catalogue, '--format', 'toString'], /unknown report format toString/],
  ['an unknown --exercise', () => ['grade', quick, '--catalogue', catalogue, '--exercise', 'nope'], /no exercise "nope"/],
  ['an unknown --test beside a known one', () => ['grade', quick, '--catalogue', catalogue, '--test', 'run', 'nope'], /no test named nope/],
  ['--out with two file formats', (ws) => ['grade', quick, '--catalogue', catalogue, '-f', 'json', 'junit', '--out', join(ws, 'r.json')], /--out goes with exactly one file format/],
  ['a missing class folder', () => ['grade-batch', '/nonexistent/class', '--catalogue', catalogue], /the class folder \/nonexistent\/class does not exist/],
  ['a class folder that is a file', (ws) => ['grade-batch', join(ws, 'file'), '--catalogue', catalogue], /is not a folder/],
  ['a batch --out naming a file', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--out', join(ws, 'file')], /--out .*is a file, not a folder/],
  ['a batch --out inside the class', (ws) => ['grade-batch', ws, '--catalogue', catalogue, '--out', join(ws, 'results')], /inside the class folder/],
  ['grade --jobs x', () => ['grade', quick, '--catalogue', catalogue, '--jobs', 'x'], /--jobs.*'x' is invalid/],
  ['grade --jobs 0', () => ['grade', quick, '--catalogue', catalogue, '--jobs', '0'], /--jobs.*'0' is invalid/],
  ['grade --jobs -2', () => ['grade', quick, '--catalogue', catalogue, '--jobs', '-2'], /--jobs.*'-2' is invalid/],
  ['--jobs x', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--jobs', 'x'], /--jobs.*'x' is invalid/],
  ['--jobs 0', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--jobs', '0'], /--jobs.*'0' is invalid/],
  ['--jobs 1.5', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--jobs', '1.5'], /--jobs.*'1.5' is invalid/],
  ['--workers=3', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--workers=3'], /unknown option '--workers=3'/],
  ['--workers 3', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--workers', '3'], /too many arguments/],
  ['--shard 0/2', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--shard', '0/2'], /--shard.*'0\/2' is invalid/],
  ['--shard 3/2', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--shard', '3/2'], /--shard.*'3\/2' is invalid/],
  ['--shard half', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--shard', 'half'], /--shard.*'half' is invalid/],
  ['a batch --exercise unknown', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', catalogue, '--exercise', 'nope'], /no exercise "nope"/],
  ['a batch with a missing --catalogue', (ws) => ['grade-batch', join(ws, 'empty'), '--catalogue', '/nonexistent/ipclab'], /--catalogue \/nonexistent\/ipclab does not exist/],
  ['validate of a missing path', () => ['validate', '/nonexistent/exercise.yaml'], /\/nonexistent\/exercise\.yaml: no such file or folder/],
  ['verify --runs abc', () => ['verify', '--runs', 'abc'], /--runs.*'abc' is invalid/],
  ['merge-gradebooks of a file that is not a gradebook', (ws) => ['merge-gradebooks', join(ws, 'file')], /is not an ipclab gradebook/],
];

describe.each(graders)('bad CLI input (grader: %s)', (as) => {
  let ws: Workspace;
  let opts: { home: string; cwd: string; env: Record<string, string> };
  beforeAll(() => {
    ws = workspace(as, 'ipclab-cli-input-');
    writeFileSync(join(ws.dir, 'file'), 'not a folder\n');
    mkdirSync(join(ws.dir, 'empty'));
    opts = { home: ws.dir, cwd: ws.dir, env: { TMPDIR: privateTmp(ws, as) } };
  });
  afterAll(() => ws.remove());

  it.each(CASES)('%s: exit 2 and one line', async (_name, args, says) => {
    const r = await ipclab(args(ws.dir), as, opts);
    expect(r.stderr).toMatch(says);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(2);
  });

  (asGraderUid(as) ? it : it.skip)('an --out-dir it may not write: exit 2 and one line', async () => {
    const locked = join(ws.dir, 'locked');
    mkdirSync(locked); // owned by root: the grader cannot write it
    chmodSync(locked, 0o755);
    const r = await ipclab(['grade', quick, '--catalogue', catalogue, '-f', 'json', '--out-dir', join(locked, 'reports')], as, opts);
    expect(r.stderr).toMatch(/locked is not writable/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(existsSync(join(locked, 'reports'))).toBe(false);
  });

  it('an internal error is exit 3, and the report is still written', async () => {
    const out = join(ws.dir, 'crash.json');
    const r = await ipclab(['grade', quick, '--catalogue', catalogue, '-f', 'json', '--out', out], as, { ...opts, env: { ...opts.env, IPCLAB_TEST_CRASH: 'quick' } });
    expect(r.code).toBe(3);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result).toMatchObject({ status: 'error', points: 0 });
    expect(result.errors.join('\n')).toContain('requested by IPCLAB_TEST_CRASH');
    expect(result.exercises[0].tests[0]).toMatchObject({ name: 'run', status: 'error' });
  }, 60000);

  it('--out writes only its own file: a result.json beside it is left alone', async () => {
    const dir = join(ws.dir, 'reports');
    mkdirSync(dir);
    if (asGraderUid(as)) chmodSync(dir, 0o777);
    writeFileSync(join(dir, 'result.json'), 'canary\n');
    const r = await ipclab(['grade', quick, '--catalogue', catalogue, '-f', 'json', '--out', join(dir, 'mine.json')], as, opts);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'result.json'), 'utf8')).toBe('canary\n');
    expect(JSON.parse(readFileSync(join(dir, 'mine.json'), 'utf8'))).toMatchObject({ status: 'passed', points: 1 });
  }, 60000);
});
