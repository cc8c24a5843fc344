import { join } from 'node:path';
import { loadCatalogue } from '../../harness/spec/load.js';
import { errorsOf } from './spec-errors.js';

describe('exercise spec loading', () => {
  it('names file, line, column and field of an unknown field and a wrong type', () => {
    const errors = errorsOf('bad-field.yaml');
    expect(errors).toContain('bad-field.yaml:11:9: tests[0].processes.main.stdn: unknown field "stdn"; did you mean "stdin"?');
    expect(errors).toContain('bad-field.yaml:16:13: tests[1].points: must be integer');
  });

  it('names a process that the test does not have', () => {
    expect(errorsOf('bad-ref.yaml')).toEqual([
      'bad-ref.yaml:12:35: tests[0].script[1].wait.output.stream: no stream named "mian" in this test (it has main, main.stderr)',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const [first] = errorsOf('bad-yaml.yaml');
    expect(first).toMatch(/^bad-yaml\.yaml:\d+:\d+: /);
  });

  it('rejects patterns RE2 cannot run at their line and column, wherever they are', () => {
    const errors = errorsOf('bad-pattern.yaml');
    expect(errors).toEqual([
      expect.stringMatching(/^bad-pattern\.yaml:5:46: hints\[0\]\.when\.output\.matches: `\(\?<!…\)` \(lookbehind\) is not supported/),
      expect.stringMatching(/^bad-pattern\.yaml:17:81: tests\[0\]\.script\[1\]\.wait\.all\[1\]\.output\.text_matches: `\(\?=…\)` \(lookahead\)/),
      expect.stringMatching(/^bad-pattern\.yaml:20:42: tests\[0\]\.checks\[0\]\.output\.matches: `\\1` \(a backreference\)/),
      expect.stringMatching(/^bad-pattern\.yaml:23:30: tests\[0\]\.checks\[1\]\.output\.lines_from\[1\]: `\(\?!…\)` \(lookahead\)/),
      expect.stringMatching(/^bad-pattern\.yaml:24:47: tests\[0\]\.checks\[2\]\.output\.order\[0\]\[1\]: not a valid RE2 pattern: missing closing \]/),
    ]);
  });

  it('rejects an unknown cause or practice in a hint, at its line, also inside all/any/not rules', () => {
    expect(errorsOf('bad-hint.yaml')).toEqual([
      expect.stringMatching(/^bad-hint\.yaml:7:12: hints\[0\]\.cause: must be one of "stdout-buffered", /),
      expect.stringMatching(/^bad-hint\.yaml:10:16: hints\[1\]\.suggests\[0\]: must be one of "SEM_UNDO", /),
    ]);
  });

  it('loads the whole catalogue without errors', () => {
    const ids = loadCatalogue().map((e) => e.spec.id);
    expect(ids).toEqual(expect.arrayContaining(['pipe-copy', 'msgq-ping-pong']));
  });
});

describe('docs/spec-reference.md', () => {
  it('is what the schema generates (regenerate with `node dist/bin/ipclab.js spec-reference > docs/spec-reference.md`)', async () => {
    const { readFileSync } = await import('node:fs');
    const { specReference } = await import('../../harness/spec/reference-doc.js');
    const { packageRoot } = await import('../../harness/settings.js');
    const root = packageRoot();
    const schema = JSON.parse(readFileSync(join(root, 'exercises', 'schema.json'), 'utf8'));
    expect(readFileSync(join(root, 'docs', 'spec-reference.md'), 'utf8')).toBe(specReference(schema));
  });
});
