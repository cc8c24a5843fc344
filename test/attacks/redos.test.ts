// ReDoS: a submission printing 100k 'a' and '!' against `^(a+)+$` (exponential backtracking in a
// JS RegExp) in a check, lines_from, order, a hint and two waits. Proved from outside: the grade
// finishes in seconds, every pattern fails with its honest reason, the honest output passes them
// all; and validate rejects a pattern RE2 cannot run at its line and column.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, workspace, type Workspace } from './grader.js';

const fixtures = join(packageRoot(), 'test', 'fixtures', 'redos');
const catalogue = join(fixtures, 'exercises');

interface Test { name: string; status: string; points: number; reason?: string; hints?: string[]; findings: Array<{ passed: boolean; rationale?: string }> }

async function grade(sub: string, ws: Workspace, as: (typeof graders)[number]) {
  const out = join(ws.dir, `${sub}.json`);
  const t0 = Date.now();
  const r = await ipclab(['grade', join(fixtures, 'subs', sub), '--catalogue', catalogue, '--format', 'json', '--out', out, '--quiet'], as, { home: ws.dir, timeoutMs: 60_000 });
  const seconds = (Date.now() - t0) / 1000;
  const tests = JSON.parse(readFileSync(out, 'utf8')).exercises[0].tests as Test[];
  return { r, seconds, test: (name: string) => tests.find((t) => t.name === name)! };
}

describe.each(graders)('ReDoS in spec patterns (grader: %s)', (as) => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace(as);
  });
  afterEach(() => ws.remove());

  it('grades "aaaa…!" in seconds, each pattern failing with its honest reason', async () => {
    const { r, seconds, test } = await grade('hostile', ws, as);
    expect(seconds).toBeLessThan(20);
    expect(r.code).toBe(1);
    const checks = test('checks');
    expect(checks.status).toBe('failed');
    expect(checks.findings.map((f) => f.passed)).toEqual([false, false, false, true]);
    expect(checks.findings[0].rationale).toBe('the output of `main` does not match /^(a+)+$/');
    expect(checks.findings[1].rationale).toMatch(/^line 1 of the output of `main` is "a+!", which is not a whole line/);
    expect(checks.findings[2].rationale).toBe('the output of `main` has no line matching /(a+)+/');
    // both hints were evaluated: the one that backtracks in JS did not match, the other did
    expect(checks.hints).toEqual(["hint: a's and a bang"]);
    expect(test('wait-line').reason).toMatch(/^(?:the machine was overloaded .*this verdict comes from that re-run: )?the test waited \d+\.\d s for `main` to print a line matching \/\^\(a\+\)\+\$\/, which (did not happen|cannot happen any more: every process of the test was blocked.*)$/);
    expect(test('wait-text').reason).toMatch(/^(?:the machine was overloaded .*this verdict comes from that re-run: )?the test waited \d+\.\d s for `main` to print text matching \/\^\(a\+\)\+\\n\/, which (did not happen|cannot happen any more: every process of the test was blocked.*)$/);
    expect([test('wait-line'), test('wait-text')].map((t) => t.points)).toEqual([0, 0]);
  }, 90_000);

  it('passes the honest "aaaa…" on every one of those patterns', async () => {
    const { r, seconds, test } = await grade('honest', ws, as);
    expect(seconds).toBeLessThan(20);
    expect(r.code).toBe(0);
    for (const name of ['checks', 'wait-line', 'wait-text']) expect([name, test(name).status, test(name).points]).toEqual([name, 'passed', 1]);
  }, 90_000);

  it('validate rejects a lookaround pattern with file:line:col and exit 2', async () => {
    const dir = join(ws.dir, 'cat', 'look');
    mkdirSync(dir, { recursive: true });
    const spec = readFileSync(join(catalogue, 'redos', 'exercise.yaml'), 'utf8').replace('matches: "^(a+)+$" }\n      - output: { stream: main, lines_from', 'matches: "^a+(?!!)" }\n      - output: { stream: main, lines_from');
    writeFileSync(join(dir, 'exercise.yaml'), spec);
    const line = spec.split('\n').findIndex((l) => l.includes('(?!!)')) + 1;
    const col = spec.split('\n')[line - 1].indexOf('"^a+') + 1;
    const r = await ipclab(['validate', 'cat/look'], as, { home: ws.dir, cwd: ws.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cat/look/exercise.yaml:${line}:${col}: tests[0].checks[0].output.matches: \`(?!…)\` (lookahead) is not supported: patterns are RE2 syntax, which matches in linear time; rewrite without it\n`);
  }, 30_000);
});
