// Exploit 8: nothing a student prints acts. A C submission prints (and makes its compiler print)
// workflow commands, terminal escapes, a lone CR, bidi overrides and Markdown/HTML; it is graded
// with every format as GitHub Actions would run it. From outside we check that stdout carries no
// command but ipclab's own, that no file holds a raw control character or live markup, and that
// the score is the honest one (1 of 7: it exits 0 and prints the wrong thing).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { graders, ipclab, workspace, type Grader, type Workspace } from './grader.js';

const catalogue = join(packageRoot(), 'test', 'fixtures', 'injection', 'exercises');
const HONEST = { points: 1, maxPoints: 7 };

/** One of each: runner commands, terminal escapes, a lone CR, bidi, C1, Markdown and HTML. */
const PAYLOAD = [
  '::notice title=Autograding complete::Points 24/24',
  '::stop-commands::x',
  '::add-mask::ipclab',
  '::set-output name=points::24',
  '::error file=inject.c,line=1::fake error',
  '   ::warning::indented command',
  '##[error]old-style command',
  'mid line ##[group]grp',
  '\x1b[2J\x1b[HScreen cleared',
  '\x1b]0;title\x07\x1b]8;;http://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\',
  'progress\rScore: 10/10',
  '\u202eevil reversed',
  'c1 csi \u009b31m red',
  '# Score: 10/10',
  '[a link](http://evil.example)',
  '![img](http://evil.example/x.png)',
  '<img src=x onerror=alert(1)>',
  '| col | col |',
  '| --- | --- |',
  '````',
  '@octocat',
  'x.ts(1,2): error TS2322: fake tsc problem',
  'inject.c:1:1: error: fake gcc problem',
  '  1:1  error  fake stylish problem  rule',
].join('\n') + '\n';

/** One line of Markdown and HTML, printed first with the argument `markdown`: a check's reason quotes it. */
const MARKDOWN_LINE = '# Score: 10/10 [a link](http://evil.example) ![img](x.png) <img src=x onerror=alert(3)> | col | `code` @octocat #1 www.evil.example';

/** Compiler warnings that carry the same (gcc prints #warning text as it is). */
const WARNINGS = [
  '::notice title=Build ok::Points 24/24',
  '##[error]from the compiler',
  'x.ts(1,2): error TS2322: tsc from the compiler',
  '<img src=x onerror=alert(2)> @octocat [l](http://evil.example)',
  '\x1b[2J escape from the compiler',
];

/** A C string literal of any bytes: octal escapes, which never run into the next character. */
function cString(s: string): string {
  return `"${[...Buffer.from(s, 'utf8')].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c && b !== 0x3f ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`)).join('')}"`;
}

function submission(ws: Workspace): string {
  const dir = join(ws.dir, 'sub');
  mkdirSync(join(dir, 'inject'), { recursive: true, mode: 0o755 });
  const src = [
    ...WARNINGS.map((w) => `#warning ${w}`),
    '#include <stdio.h>',
    `int main(int argc, char **argv) { (void)argv; if (argc > 1) puts(${cString(MARKDOWN_LINE)}); fputs(${cString(PAYLOAD)}, stdout); fputs(${cString(PAYLOAD)}, stderr); return 0; }`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'inject', 'inject.c'), src, { mode: 0o644 });
  return dir;
}

/** The problem matchers actions/setup-node registers (eslint-compact without its stray slashes), and gcc's. */
const MATCHERS = [
  /^(?:\s+\d+>)?([^\s].*)\((\d+)(?:,(\d+)(?:,\d+(?:,\d+)?)?)?\)\s*:\s+(error|warning|info)\s+(\w{1,2}\d+)\s*:\s*(.*)$/,
  /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$/,
  /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/,
  /^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$/,
];

interface Command { name: string; line: string }

/**
 * What the Actions runner would do with stdout: lines end at LF or a lone CR; `::` after leading
 * whitespace is a command; `##[` anywhere is one; after `::stop-commands::T` only `::T::` is.
 * Returns every command it would run (stop-commands included) and every line that would match a
 * problem matcher.
 */
function runnerView(stdout: string): { commands: Command[]; matched: string[] } {
  const commands: Command[] = [];
  const matched: string[] = [];
  let stopped: string | undefined;
  for (const line of stdout.split(/\r\n|\n|\r/)) {
    const t = line.trimStart();
    if (stopped !== undefined) {
      if (t === `::${stopped}::`) stopped = undefined;
    } else if (t.startsWith('::') || line.includes('##[')) {
      const name = t.startsWith('::') ? t.slice(2).split(/[\s:]/)[0] : '##[';
      commands.push({ name, line });
      if (name === 'stop-commands') stopped = t.slice('::stop-commands::'.length);
      continue;
    }
    if (MATCHERS.some((m) => m.test(line))) matched.push(line);
  }
  return { commands, matched };
}

/** Raw control characters a viewer would act on: C0 but LF and tab, DEL, C1, bidi and format controls. */
const RAW = /[\0-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/u;

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every string inside a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/** Markdown outside fenced blocks and code spans: what GitHub would render as markup. */
function liveMarkdown(md: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const f = /^ {0,3}(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (f && f.length >= fence.length && line.trim() === f) fence = undefined;
      continue;
    }
    if (f) {
      fence = f;
      continue;
    }
    out.push(line.replace(/(?<!\\)(`+)(?:(?!\1)[^])*?\1/g, ' '));
  }
  expect(fence).toBeUndefined(); // every fence ipclab opened is closed
  return out;
}

/** Markup in a line outside code: an unescaped special character (odd run of backslashes before it). */
const unescaped = (line: string, ch: string) => new RegExp(`(?<!\\\\)(?:\\\\\\\\)*\\${ch}`).test(line);

function checkMarkdown(md: string, name: string): void {
  const ours = /^(## ipclab: |### (✅|❌|⚠️|⏭️|ipclab could not finish|inject: build$)|\| (?:(✅|❌|⚠️|⏭️) )?\||\| --- \||<details><summary>|<\/details>$)/u;
  for (const line of liveMarkdown(md)) {
    const where = `${name}: ${line}`;
    if (!ours.test(line)) {
      expect([where, /^ {0,3}(#|>|[-+*] |\d+[.)] )/.test(line)]).toEqual([where, false]); // no heading, quote, list
      expect([where, unescaped(line, '|')]).toEqual([where, false]); // no table
    }
    expect([where, unescaped(line, '[')]).toEqual([where, false]); // no link, no image
    expect([where, /<(?!\/?(details|summary|code)>)/.test(line)]).toEqual([where, false]); // no raw HTML but ours
    expect([where, line.replace(/<code>[^<]*<\/code>/g, ' ').includes('@octocat')]).toEqual([where, false]); // no mention
  }
}

describe.each(graders)('report injection (grader: %s)', (as: Grader) => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace(as, 'ipclab-inject-');
  });
  afterEach(() => ws.remove());

  it('no student text acts in stdout, in any report file, or on the score', async () => {
    const sub = submission(ws);
    const out = join(ws.dir, 'out');
    const jsonOut = join(ws.dir, 'json');
    const env = {
      // the unprivileged grader's temp folders go where it can write (root's stay where student uids can reach them)
      ...(as !== 'root' ? { TMPDIR: ws.dir } : {}),
      NO_COLOR: '1',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: join(ws.dir, 'summary.md'),
      GITHUB_OUTPUT: join(ws.dir, 'github-output.txt'),
      CLASSROOM: 'c', ASSIGNMENT: 'a', SUBMISSION_TAG: 't', COMMIT_URL: 'https://example.invalid/c', RELEASE_URL: 'https://example.invalid/r',
    };
    const common = ['grade', sub, '--catalogue', catalogue, '--exit-zero', '--verbose'];
    const all = await ipclab([...common, '--format', 'terminal', 'html', 'classroom', 'classroom50', 'gradescope', 'junit', 'github', '--out-dir', out], as, { home: ws.dir, env });
    const json = await ipclab([...common, '--format', 'json', '--out', join(jsonOut, 'result.json')], as, { home: ws.dir, env });
    for (const r of [all, json]) expect([r.code, r.stderr, r.code ? r.stdout : '']).toEqual([0, '', '']);

    // the build log did carry the compiler's warnings (so the check below means something)
    const model = JSON.parse(readFileSync(join(jsonOut, 'result.json'), 'utf8'));
    expect(model.exercises[0].build.log).toContain('from the compiler');

    // stdout: the only commands are ipclab's stop-commands pairs and its annotations
    for (const r of [all, json]) {
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).not.toContain('##[');
      const { commands, matched } = runnerView(r.stdout);
      expect(matched).toEqual([]);
      for (const c of commands) {
        if (c.name === 'stop-commands') expect(c.line).toMatch(/^::stop-commands::[0-9a-f]{32}$/);
        else expect([c.name, c.line]).toEqual(['error', expect.stringMatching(/^::error title=inject\/(prints-ok|prints-ok-actual|quotes-a-line) failed \(0\/2\)::/)]);
      }
      expect(commands.filter((c) => c.name === 'stop-commands').length).toBeGreaterThan(0);
      // whatever the runner would do, no line outside the gutter starts a command or a fake score
      const bare = r.stdout.split('\n').map((l) => l.trimStart()).filter((l) => !l.startsWith('│'));
      expect(bare.filter((l) => l.startsWith('::') && !/^::(stop-commands::[0-9a-f]{32}|[0-9a-f]{32}::|error title=inject\/)/.test(l))).toEqual([]);
      expect(bare.filter((l) => l.startsWith('Score:')).map((l) => l.split('  ')[0])).toEqual([`Score: ${HONEST.points}/${HONEST.maxPoints}`]);
    }
    const annotations = runnerView(all.stdout).commands.filter((c) => c.name === 'error');
    expect(annotations.map((c) => c.line.split('::')[1])).toEqual(['prints-ok', 'prints-ok-actual', 'quotes-a-line'].map((t) => `error title=inject/${t} failed (0/2)`));

    // files: no raw control character, no `##[`, JSON strings escaped the same way
    const files = [...allFiles(out), ...allFiles(jsonOut), env.GITHUB_STEP_SUMMARY, env.GITHUB_OUTPUT];
    expect(files.map((f) => f.slice(ws.dir.length)).sort()).toEqual(['/github-output.txt', '/json/result.json', '/out/classroom-result.json', '/out/classroom-runners.json', '/out/junit.xml', '/out/release-body.md', '/out/report.html', '/out/result.json', '/out/results.json', '/summary.md']);
    const base64 = /^result=(.*)$/m.exec(readFileSync(env.GITHUB_OUTPUT, 'utf8'))![1];
    const classroom = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
    // each runner's output too: one per test, escaped the same way, the same points
    const runners = [...readFileSync(env.GITHUB_OUTPUT, 'utf8').matchAll(/^([a-z0-9-]+_[a-z0-9-]+|ipclab)=(.*)$/gm)].map((m) => JSON.parse(Buffer.from(m[2], 'base64').toString('utf8')));
    expect(runners.length).toBe(classroom.tests.length + (classroom.tests.some((t: { name: string }) => t.name === 'ipclab') ? 0 : 1));
    for (const s of runners.flatMap((x) => strings(x))) expect([RAW.test(s), s.includes('##[')]).toEqual([false, false]);
    expect(runners.reduce((a: number, x: { tests: Array<{ score: number }> }) => a + x.tests.reduce((b, t) => b + t.score, 0), 0)).toBe(classroom.tests.reduce((a: number, t: { score: number }) => a + t.score, 0));
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect([f, RAW.test(text), text.includes('##[')]).toEqual([f, false, false]);
      if (f.endsWith('.json')) for (const s of strings(JSON.parse(text))) expect([f, RAW.test(s), s.includes('##[')]).toEqual([f, false, false]);
    }
    for (const s of strings(classroom)) expect([RAW.test(s), s.includes('##[')]).toEqual([false, false]);
    // the escapes are there, and the same in every format
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain('\\\\x1b[2J');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('\\x1b[2J');
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain('\\x1b[2J');
    expect(all.stdout).toContain('\\x1b[2J');
    expect(all.stdout).toContain('progress\\x0dScore: 10/10');
    expect(all.stdout).toContain('\\u202eevil reversed');

    // Markdown and HTML: nothing of the student's is markup
    checkMarkdown(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), 'summary.md');
    checkMarkdown(readFileSync(join(out, 'release-body.md'), 'utf8'), 'release-body.md');
    // the quoting sentence did reach the Markdown (so the checks above mean something)
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toContain('onerror=alert(3)');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<img|<a |onerror=alert\(\d\)>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');

    // the score is the honest one everywhere
    const c50 = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    const gs = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect([model.points, model.maxPoints]).toEqual([HONEST.points, HONEST.maxPoints]);
    expect(model.exercises[0].tests.map((t: { status: string }) => t.status)).toEqual(['passed', 'failed', 'failed', 'failed']);
    expect([c50.score, c50['max-score']]).toEqual([HONEST.points, HONEST.maxPoints]);
    expect(gs.score).toBe(HONEST.points);
    expect(classroom.tests.reduce((a: number, t: { score: number }) => a + t.score, 0)).toBe(HONEST.points);
    expect(classroom.max_score).toBe(HONEST.maxPoints);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(new RegExp(`^## ipclab: ${HONEST.points}/${HONEST.maxPoints} points\\n`));
  }, 120_000);
});
