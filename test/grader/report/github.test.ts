// GitHub Actions: job summary and ::error workflow commands, parsed back the way the runner does
// (actions/runner ActionCommand: `::name k=v,k=v::data`, properties split on , and =, then
// %0D %0A %3A %2C %25 unescaped; data: %0D %0A %25).
import type { GradeResult } from '../../../grader/model.js';
import { MAX_ANNOTATIONS, MAX_SUMMARY, compileErrors, escapeData, escapeProperty, githubReporter, repositoryPath } from '../../../grader/report/github.js';
import { ctx, exercise, failing, gradeSample, mixed, result, test } from './fixtures.js';

const GH = { GITHUB_ACTIONS: 'true' };
const render = (r: GradeResult, env: Record<string, string> = GH) => githubReporter.render(r, ctx(env));

function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const m = line.match(/^::([a-z-]+)(?: ([^:]*))?::(.*)$/);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unprop = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => {
    const i = kv.indexOf('=');
    return [kv.slice(0, i), unprop(kv.slice(i + 1))];
  }));
  return { command: m[1], properties, data: m[3].replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%') };
}
const commands = (stdout = '') => stdout.split('\n').filter(Boolean).map(parseCommand);

describe('github reporter on a real grading', () => {
  let real: GradeResult;
  beforeAll(async () => {
    real = await gradeSample();
  }, 60000);

  it('renders nothing outside GitHub Actions', () => {
    expect(render(real, {})).toEqual({});
    expect(render(real, { GITHUB_ACTIONS: 'false' })).toEqual({});
  });

  it('writes a job summary table with marks, points and the failure in a details block', () => {
    const md = render(real).stepSummary!;
    expect(md).toMatch(/^## ipclab: 2\/4 points\n\n1 passed, 1 failed · [\d.]+ s · /);
    expect(md).toContain('| ✅ | msgq-ping-pong | one-client — one client sends a request and gets its reply | 2/2 |');
    expect(md).toContain('| ❌ | msgq-ping-pong | crossed-replies — each client takes only the reply of its own type, even when replies wait in the queue | 0/2 |');
    expect(md).toContain('<details><summary>❌ msgq-ping-pong/crossed-replies');
    // student-derived sentences are escaped Markdown: backticks show as they are, no code span
    expect(md).toContain('messages went to the wrong processes: \\`second\\` got what was meant for \\`first\\`');
    expect(md).toContain('```diff\n@@ -1,1 +1,1 @@\n-I received: beta\n+I received: alpha\n```');
    expect(md.match(/<details>/g)).toHaveLength(1);
    expect(md.match(/<\/details>/g)).toHaveLength(1);
  });

  it('annotates each failure with one ::error command', () => {
    const cmds = commands(render(real).stdout);
    expect(cmds).toEqual([
      { command: 'error', properties: { title: 'msgq-ping-pong/crossed-replies failed (0/2)' }, data: expect.stringContaining('messages went to the wrong processes: `second` got what was meant for `first`') },
    ]);
  });
});

describe('github reporter edge cases', () => {
  it("escapes % CR LF in data, and also : and , in properties, as GitHub's rules require", () => {
    expect(escapeData('50%\r\nnext: a, b')).toBe('50%25%0D%0Anext: a, b');
    expect(escapeProperty('50%\r\nnext: a, b')).toBe('50%25%0D%0Anext%3A a%2C b');
    const r = result([exercise('ex:1,2', [failing('t', { reason: 'line 1: 100% wrong,\nline 2\r\n::error::injected' })])]);
    const out = render(r).stdout!;
    expect(out.trimEnd().split('\n')).toHaveLength(1);
    const [cmd] = commands(out);
    expect(cmd.properties.title).toBe('ex:1,2/t failed (0/2)');
    // the CR is shown as every format shows it (report/untrusted.ts), then % CR LF escaped
    expect(cmd.data).toBe('line 1: 100% wrong,\nline 2\\x0d\n::error::injected');
  });

  it('makes at most ten annotations, the last one saying how many more there are', () => {
    const r = result([exercise('ex', Array.from({ length: 25 }, (_, i) => failing(`t${i}`)))], ['ex: Error: boom\n   at x']);
    const cmds = commands(render(r).stdout);
    expect(cmds).toHaveLength(MAX_ANNOTATIONS);
    expect(cmds.every((c) => c.command === 'error')).toBe(true);
    expect(cmds[0].properties.title).toBe('ipclab could not finish grading');
    expect(cmds[0].data).toBe('ex: Error: boom (not your fault)');
    expect(cmds[9].data).toBe('17 more problems: see the job summary');
  });

  it('no annotation when everything passed', () => {
    const out = render(result([exercise('ex', [test({ name: 'a' })])]));
    expect(out.stdout).toBeUndefined();
    expect(out.stepSummary).toContain('| ✅ | ex | a — the a test | 2/2 |');
  });

  it('respects hidden tests and detail levels in the summary and the annotations', () => {
    const out = render(mixed());
    const md = out.stepSummary!;
    expect(md).not.toContain('HIDDEN-TITLE');
    expect(md).toContain('| ❌ | ex | hidden-fail | 0/2 |');
    expect(md).toContain('<summary>❌ ex/hidden-fail (0/2)</summary>\n\nthe details of this test are hidden\n\n</details>');
    expect(md).toContain('<summary>❌ ex/none-fail — the none-fail test (0/2)</summary>\n\nthe details of this test are hidden\n\n</details>');
    const actual = md.slice(md.indexOf('ex/actual-fail'), md.indexOf('</details>', md.indexOf('ex/actual-fail')));
    expect(actual).not.toContain('SECRET-EXPECTED');
    expect(actual).toContain('what the program printed');
    expect(md).toContain('⚠️');
    const byTitle = Object.fromEntries(commands(out.stdout).map((c) => [c.properties.title, c.data]));
    expect(byTitle['ex/hidden-fail failed (0/2)']).toBe('the details of this test are hidden');
    expect(byTitle['ex/broken could not be run (0/2)']).toMatch(/not your fault/);
    expect(byTitle['ex: 1 test was not run (0/2)']).toBe('`prog` was not built (see the build log)');
  });

  it('escapes markup so student output cannot close a details block or mention anyone', () => {
    const evil = '</details><img src=x> @octocat | pipe';
    const r = result([exercise('ex', [failing('t', { title: evil, reason: evil, findings: [{ title: 'o', passed: false, actual: '```\n</details>', rationale: 'x' }] })])]);
    const md = render(r).stepSummary!;
    expect(md.match(/<\/details>/g)!.length).toBe(md.match(/<details>/g)!.length + 1); // the one inside the code fence
    expect(md).toContain('````\n```\n</details>\n````');
    expect(md).toContain('&lt;/details&gt;&lt;img src=x&gt; `@octocat` \\| pipe |');
    expect(md).toContain('<summary>❌ ex/t — &lt;/details&gt;&lt;img src=x&gt; <code>@octocat</code> | pipe (0/2)</summary>');
    expect(md).not.toContain(' @octocat');
  });

  it('keeps the summary under GitHub\'s 1 MiB', () => {
    const r = result([exercise('ex', Array.from({ length: 600 }, (_, i) => failing(`t${i}`, { reason: 'r'.repeat(4000) })))]);
    const md = render(r).stepSummary!;
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md.length).toBeLessThanOrEqual(MAX_SUMMARY + 1000);
    expect(md).toMatch(/more sections left out/);
  });
});

describe('github annotations of a build failure', () => {
  const LOG = [
    'cc -std=gnu11 -o srv srv.c failed (exit status 1):',
    '  ex/srv.c:33:12: error: two or more data types in declaration specifiers',
    'cc -std=gnu11 -o cli cli.c failed (exit status 1):',
    '  ex/cli.c:42:17: error: ‘retur’ undeclared (first use in this function)',
    '  ex/cli.c:42:22: error: expected ‘;’ before ‘n’',
    '  ex/cli.c:42:17: error: ‘retur’ undeclared (first use in this function)',
    '  ex/cli.c:7: warning: unused variable ‘x’',
  ].join('\n');
  const notBuilt = (name: string, prog: string) => test({ name, status: 'skipped', points: 0, durationMs: 0, reason: `\`${prog}\` was not built (see the build log)` });
  const built = (submission = 'sub', log = LOG) => {
    const r = result([exercise('ex', [notBuilt('a', 'srv'), notBuilt('b', 'srv'), notBuilt('c', 'cli'), notBuilt('d', 'srv'), notBuilt('e', 'srv')], { status: 'failed', log })]);
    return { ...r, submission };
  };

  it('finds each distinct compiler error with its file, line and column', () => {
    expect(compileErrors(LOG)).toEqual([
      { file: 'ex/srv.c', line: 33, col: 12, message: 'two or more data types in declaration specifiers' },
      { file: 'ex/cli.c', line: 42, col: 17, message: '‘retur’ undeclared (first use in this function)' },
      { file: 'ex/cli.c', line: 42, col: 22, message: 'expected ‘;’ before ‘n’' },
    ]);
    expect(compileErrors('x.c:3: fatal error: y.h: No such file or directory')).toEqual([{ file: 'x.c', line: 3, col: undefined, message: 'y.h: No such file or directory' }]);
    // a TypeScript program that does not transpile names its file from the exercise's folder
    expect(compileErrors('TypeScript: pipe_copy.ts:1:19: Expression expected.', 'pipe-copy')).toEqual([{ file: 'pipe-copy/pipe_copy.ts', line: 1, col: 19, message: 'Expression expected.' }]);
  });

  it('annotates each compiler error at its file and line, and the tests that did not run once', () => {
    const cmds = commands(render(built('.')).stdout);
    expect(cmds).toEqual([
      { command: 'error', properties: { file: 'ex/srv.c', line: '33', col: '12', title: 'ex/srv.c does not compile' }, data: 'two or more data types in declaration specifiers' },
      { command: 'error', properties: { file: 'ex/cli.c', line: '42', col: '17', title: 'ex/cli.c does not compile' }, data: '‘retur’ undeclared (first use in this function)' },
      { command: 'error', properties: { file: 'ex/cli.c', line: '42', col: '22', title: 'ex/cli.c does not compile' }, data: 'expected ‘;’ before ‘n’' },
      { command: 'error', properties: { title: 'ex: 5 tests were not run (0/10)' }, data: '`srv` was not built (see the build log)\n`cli` was not built (see the build log)' },
    ]);
  });

  it('names files from the repository top: under the submission folder, or from GITHUB_WORKSPACE', () => {
    expect(repositoryPath('ex/a.c', 'work/sub', {})).toBe('work/sub/ex/a.c');
    expect(repositoryPath('ex/a.c', '/home/runner/work/repo/repo', { GITHUB_WORKSPACE: '/home/runner/work/repo/repo' })).toBe('ex/a.c');
    expect(repositoryPath('ex/a.c', '/tmp/elsewhere', { GITHUB_WORKSPACE: '/home/runner/work/repo/repo' })).toBeUndefined();
    expect(repositoryPath('ex/a.c', '/tmp/elsewhere', {})).toBeUndefined();
    expect(repositoryPath('../../etc/passwd', 'sub', {})).toBeUndefined();
    // a file outside the repository: the annotation says so, at no file
    const [first] = commands(render(built('/tmp/elsewhere')).stdout);
    expect(first.properties).toEqual({ title: 'ex/srv.c does not compile' });
  });

  it('keeps a student file name from forming a command or another property', () => {
    const log = '  ex/a,line=1,title=x%0A##[group].c:3:4: error: bad\r::error::z';
    const out = render(built('.', log)).stdout!;
    expect(out.trimEnd().split('\n')).toHaveLength(2);
    const [cmd] = commands(out);
    const shown = 'ex/a,line=1,title=x%0A#\\x23[group].c';
    expect(cmd.properties).toEqual({ file: shown, line: '3', col: '4', title: `${shown} does not compile` });
    expect(cmd.data).toBe('bad\\x0d::error::z');
    // a name with a colon is not taken for a file: the message stays in the build log and the summary
    expect(compileErrors('  ex/a::error::b.c:1:1: error: x')).toEqual([]);
  });

  it('stays within ten annotations with many errors, saying how many more', () => {
    const log = Array.from({ length: 14 }, (_, i) => `  ex/a.c:${i + 1}:1: error: e${i}`).join('\n');
    const cmds = commands(render(built('.', log)).stdout);
    expect(cmds).toHaveLength(MAX_ANNOTATIONS);
    expect(cmds[8].properties.line).toBe('9');
    expect(cmds[9].data).toBe('6 more problems: see the job summary');
  });
});
