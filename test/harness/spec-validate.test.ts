// What `ipclab validate` says about the mistakes instructors make: each at its line and column,
// in the author's terms (issue 19).
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dir as tmpDir } from 'tmp-promise';
import { errorsOf } from './spec-errors.js';
import { readSolutionMeta } from '../../harness/spec/solution-meta.js';
import { RUN_VARS } from '../../harness/spec/template.js';
import { makeVars } from '../../harness/run/vars.js';
import { specReference } from '../../harness/spec/reference-doc.js';
import { packageRoot } from '../../harness/settings.js';

const KNOWN = '${dir}, ${key} ${key2} ${key3} (in hex: ${key_hex} …), ${name} ${name2} ${name3}';
const FORMS = 'a duration is a number of milliseconds, like 500, or a number followed by ms or s with no space: "500ms", "2s", "1.5s"';

describe('template variables', () => {
  it('names every unknown, misplaced, unclosed or malformed ${…} at its own line and column', () => {
    expect(errorsOf('bad-template.yaml')).toEqual([
      `bad-template.yaml:9:32: tests[0].processes.server.run[1]: unknown variable \`\${workdir}\`; did you mean \`\${dir}\`? (known in a command line: ${KNOWN}, \${i}, \${pid:process})`,
      'bad-template.yaml:9:51: tests[0].processes.server.run[2]: unknown variable `${key4}`: a run has three, `${key}`, `${key2}` and `${key3}`',
      `bad-template.yaml:10:32: tests[0].processes.client.run[1]: unknown variable \`\${DIR}\`; did you mean \`\${dir}\`? (known in a command line: ${KNOWN}, \${i}, \${pid:process})`,
      'bad-template.yaml:10:72: tests[0].processes.client.stdin.text: `${pid:server}` cannot be used in standard input: it is written before any process has started',
      'bad-template.yaml:15:54: tests[0].script[3].wait.output.line: `${pid:nosuch}`: no process "nosuch" in this test (it has server, client, client[0], client[1])',
      "bad-template.yaml:16:50: tests[0].script[4].wait.output.line: `${i}` cannot be used in a script step: it is known in a process's command line, environment and standard input, and in output checks",
      'bad-template.yaml:19:82: tests[0].checks[1].output.contains: `${dir` is not closed: a variable is written `${name}`, with a closing `}`',
      'bad-template.yaml:20:43: tests[0].checks[2].files.absent[1]: `${}` is not a variable: write `${name}`, a letter or _ then letters, digits or _ (or `${pid:process}`)',
    ]);
  });

  it('knows exactly the variables a run defines', () => {
    expect(Object.keys(makeVars('/w')).sort()).toEqual([...RUN_VARS].sort());
  });

  it('stops `ipclab grade` with exit 2 and one line per mistake, before anything runs', async () => {
    const t = await tmpDir({ unsafeCleanup: true });
    try {
      const root = packageRoot();
      const cat = join(t.path, 'cat');
      cpSync(join(root, 'exercises', 'pipe-copy'), join(cat, 'pipe-copy'), { recursive: true });
      cpSync(join(root, 'exercises', 'schema.json'), join(cat, 'schema.json'));
      const yaml = join(cat, 'pipe-copy', 'exercise.yaml');
      writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('main: { run: [pipe_copy], stdin: { text: "hello, pipe\\n" } }', 'main: { run: [pipe_copy, "${workdir}"], stdin: { text: "hello, pipe\\n" } }'));
      mkdirSync(join(t.path, 'sub', 'pipe-copy'), { recursive: true });
      cpSync(join(root, 'exercises', 'pipe-copy', 'starter'), join(t.path, 'sub', 'pipe-copy'), { recursive: true });
      const r = await promisify(execFile)(process.execPath, [join(root, 'dist', 'bin', 'ipclab.js'), 'grade', join(t.path, 'sub'), '--catalogue', cat, '-d', join(t.path, 'out')], { cwd: t.path }).then(
        (ok) => ({ code: 0, ...ok }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`ipclab: cat/pipe-copy/exercise.yaml:22:33: tests[0].processes.main.run[1]: unknown variable \`\${workdir}\`; did you mean \`\${dir}\`? (known in a command line: ${KNOWN}, \${i}, \${pid:process})\n`);
    } finally {
      await t.cleanup();
    }
  }, 30000);
});

describe('durations', () => {
  it('explain the accepted forms, with the fix where it is plain', () => {
    expect(errorsOf('bad-duration.yaml')).toEqual([
      `bad-duration.yaml:4:10: timeout: "3sec" is not a duration: write "3s"; ${FORMS}`,
      `bad-duration.yaml:9:14: tests[0].timeout: "5m" is not a duration: minutes are not a unit here: write "300s"; ${FORMS}`,
      `bad-duration.yaml:13:16: tests[0].script[0].sleep: -1 is not a duration: it cannot be negative; ${FORMS}`,
      `bad-duration.yaml:15:18: tests[0].script[1].timeout: "3 s" is not a duration: write "3s"; ${FORMS}`,
    ]);
  });
});

describe('field names', () => {
  it('suggest the nearest known field, and none when nothing is near', () => {
    expect(errorsOf('misspelt-field.yaml')).toEqual([
      'misspelt-field.yaml:8:5: tests[0].timout: unknown field "timout"; did you mean "timeout"?',
      'misspelt-field.yaml:10:28: tests[0].processes.main.stdn: unknown field "stdn"; did you mean "stdin"?',
      'misspelt-field.yaml:12:9: tests[0].script[0].wiat: unknown field "wiat"; did you mean "wait"?',
      'misspelt-field.yaml:14:32: tests[0].checks[0].exit.cod: unknown field "cod"; did you mean "code"?',
      'misspelt-field.yaml:15:9: tests[0].checks[1].ouptut: unknown field "ouptut"; did you mean "output"?',
      'misspelt-field.yaml:16:9: tests[0].checks[2].zzz: unknown field "zzz"',
    ]);
  });
});

describe('indentation', () => {
  it('locates a key indented more than the one above it at its own line and column', () => {
    expect(errorsOf('over-indented.yaml')).toEqual([
      'over-indented.yaml:7:7: "points" is indented more than "title" on the line above (column 7, not 5): the keys of one mapping start in the same column, and a nested key needs its parent to end with ":"',
    ]);
  });

  it('locates a key between two levels, naming both', () => {
    expect(errorsOf('under-indented.yaml')).toEqual([
      'under-indented.yaml:11:8: "stdin" is at column 8, between "main" (column 7) and "run" (column 9) above it: indent it like the key it belongs with',
    ]);
    expect(errorsOf('stray-indented.yaml')).toEqual([
      'stray-indented.yaml:10:4: "checks" is at column 4, between "tests" (column 1) and "processes" (column 5) above it: indent it like the key it belongs with',
    ]);
  });
});

describe('solution.yaml', () => {
  const exercise = { id: 'pipe-copy', tests: ['short-line', 'mechanism', 'child-fails'] };
  const causeProblem = (id: string) => (id === 'mechanism-missing' ? undefined : `unknown cause "${id}"`);
  const problemsOf = async (text: string) => {
    const t = await tmpDir({ unsafeCleanup: true });
    try {
      const file = join(t.path, 'solution.yaml');
      writeFileSync(file, text);
      return readSolutionMeta(file, 'solution.yaml', exercise, causeProblem).problems.map((p) => `${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
    } finally {
      await t.cleanup();
    }
  };

  it('names a misspelt test in fails at its line, with the nearest test', async () => {
    expect(await problemsOf('description: no pipe\nfails:\n  - short-line\n  - mechansim\n')).toEqual(['4:5: fails[1]: no test named "mechansim" in pipe-copy; did you mean "mechanism"?']);
    expect(await problemsOf('description: x\nmay_fail: [zzz]\n')).toEqual(['2:12: may_fail[0]: no test named "zzz" in pipe-copy (it has short-line, mechanism, child-fails)']);
  });

  it('names every other mistake at its line', async () => {
    expect(await problemsOf('description: x\nfail: [mechanism]\ncause: nope\n')).toEqual([
      '2:1: fail: unknown field "fail"; did you mean "fails"? (solution.yaml has description, fails, may_fail, cause, language, equivalent_mutants)',
      '3:8: cause: unknown cause "nope"',
      '3:8: cause: a solution that fails no test has no cause to declare',
    ]);
    expect(await problemsOf('fails: mechanism\n')).toEqual(['1:8: fails: must be a list of test names', '0:0: description: description: say in a sentence what this solution does (wrong)']);
    expect((await problemsOf('description: x\nfails: [mechanism\n'))[0]).toMatch(/^3:1: /);
    expect(await problemsOf('description: x\nfails: [mechanism]\nmay_fail: [mechanism]\n')).toEqual(['0:0: "mechanism" is both in fails and in may_fail: a test either fails in every run or may fail']);
  });
});

describe('docs/spec-reference.md', () => {
  const reference = () => {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'exercises', 'schema.json'), 'utf8'));
    return specReference(schema);
  };
  const typeCells = (md: string) => md.split('\n').filter((l) => /^\| `/.test(l)).map((l) => ({ row: l, type: l.split(/(?<!\\)\|/)[2].trim() }));

  it('renders every field by its shape: no bare "object", "value" or "value or value"', () => {
    const cells = typeCells(reference());
    expect(cells.length).toBeGreaterThan(100);
    expect(cells.filter((c) => /^(object|value|any value)$|\b(object|value) or\b|\bor (object|value)\b/.test(c.type)).map((c) => c.row)).toEqual([]);
  });

  it('shows each nested mapping by its keys, with a section of its own', () => {
    const md = reference();
    expect(md).toContain('| `signal` | [`{ process, signal, group? }`](#stepsignal) |');
    expect(md).toContain('| `stdin` | `"none"` or [`{ (text \\| file \\| random), hold_from? }`](#processstdin) |');
    expect(md).toContain('| `exit` | [`{ process, code?, signal? }`](#checkexit) |');
    expect(md).toContain('| `output` | [`{ stream, (line \\| contains \\| matches \\| text_matches) }`](#conditionoutput) |');
    expect(md).toContain('| `when` **required** | [hintWhen](#hintwhen) |');
    for (const heading of ['### step.signal', '### step.send', '### check.exit', '### check.output', '### process.stdin', '### condition.output', '### hintWhen.exit']) expect(md).toContain(`\n${heading}\n`);
  });
});
