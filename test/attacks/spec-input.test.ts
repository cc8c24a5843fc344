// Spec input that used to hang or crash ipclab (a stack trace, exit 3): an alias bomb, an
// oversized or too deeply nested spec, a symlinked exercise folder, a FIFO for a spec. Each,
// given to `grade` (and `validate`), is one line on stderr and exit 2, as either grader.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { graders, ipclab, workspace, type Workspace } from './grader.js';

const HEADER = 'id: bad\ntitle: a hostile spec\nprograms: [bad]\n';

function bomb(): string {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h']]) rows.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  return `${HEADER}${rows.join('\n')}\ntests: []\n`;
}

interface Case {
  name: string;
  /** Makes cat/bad (the exercise folder) in dir. */
  make(dir: string): Promise<void> | void;
  said: RegExp;
}

const spec = (dir: string, text: string) => {
  mkdirSync(join(dir, 'cat', 'bad'), { recursive: true });
  writeFileSync(join(dir, 'cat', 'bad', 'exercise.yaml'), text);
};

const cases: Case[] = [
  { name: 'an alias bomb', make: (d) => spec(d, bomb()), said: /^cat\/bad\/exercise\.yaml: its YAML aliases expand more than 100 times/ },
  { name: 'a 2 MiB spec', make: (d) => spec(d, `${HEADER}tests: []\n${'#'.repeat(2 << 20)}\n`), said: /^cat\/bad\/exercise\.yaml: is larger than 1 MiB/ },
  { name: 'a spec nested 1000 deep (flow)', make: (d) => spec(d, `${HEADER}tests: ${'[{"a": '.repeat(1000)}1${'}]'.repeat(1000)}\n`), said: /^cat\/bad\/exercise\.yaml:4:\d+: nested too deeply \(more than 64 levels\)/ },
  { name: 'a spec nested 100 deep (block)', make: (d) => spec(d, `${HEADER}tests:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`), said: /^cat\/bad\/exercise\.yaml:\d+:\d+: nested too deeply \(more than 64 levels\)/ },
  {
    name: 'a symlinked exercise folder',
    make: (d) => {
      mkdirSync(join(d, 'cat'));
      mkdirSync(join(d, 'elsewhere'));
      writeFileSync(join(d, 'elsewhere', 'exercise.yaml'), `${HEADER}tests: []\n`);
      symlinkSync(join(d, 'elsewhere'), join(d, 'cat', 'link'));
    },
    said: /^cat\/link: is a symlink: an exercise folder must be a real folder$/,
  },
  {
    name: 'a FIFO for a spec',
    make: async (d) => {
      mkdirSync(join(d, 'cat', 'bad'), { recursive: true });
      await execa('mkfifo', [join(d, 'cat', 'bad', 'exercise.yaml')]);
    },
    said: /^cat\/bad\/exercise\.yaml: is not a regular file$/,
  },
];

/** The exercise a case is about: cat/link for the symlink, cat/bad otherwise. */
const idOf = (c: Case) => (c.name.includes('symlink') ? 'link' : 'bad');

describe.each(graders)('hostile spec input (grader: %s)', (as) => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace(as);
  });
  afterEach(() => ws.remove());

  it.each(cases)('$name: grade and validate say one line and exit 2', async (c) => {
    await c.make(ws.dir);
    const id = idOf(c);
    mkdirSync(join(ws.dir, 'sub', id), { recursive: true });
    const opts = { home: ws.dir, cwd: ws.dir, timeoutMs: 30_000 };
    const graded = await ipclab(['grade', 'sub', '--catalogue', 'cat', '--exercise', id, '--format', 'json', '--out', 'out.json'], as, opts);
    const validated = await ipclab(['validate', `cat/${id}`], as, opts);
    for (const [r, prefix] of [[graded, 'ipclab: '], [validated, '']] as const) {
      expect(r.code).toBe(2);
      expect(r.stderr.endsWith('\n') && r.stderr.split('\n').length).toBe(2);
      expect(r.stderr.slice(prefix.length).trimEnd()).toMatch(c.said);
      expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
    }
  }, 90_000);
});
