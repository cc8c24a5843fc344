// TypeScript submissions are type-checked with the shipped types, once per build, in the build's
// sandbox: a type error is a build error shown as a compiler's (file:line:col, the message).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExercise, type BuildResult } from '../../grader/build/build.js';
import { typeErrors } from '../../grader/build/typecheck.js';
import { isolation } from '../../harness/isolate/mode.js';
import { packageRoot, resetSettings } from '../../harness/settings.js';
import { loadCatalogue } from '../../harness/spec/load.js';

const catalogue = loadCatalogue();
const exercise = (id: string) => catalogue.find((e) => e.spec.id === id)!;

describe('type check of TypeScript submissions', () => {
  const saved = process.env.IPCLAB_BUILD_CACHE;
  let sub: string;
  beforeAll(() => {
    process.env.IPCLAB_BUILD_CACHE = '0'; // every build here must really type-check
    resetSettings();
  });
  beforeEach(() => {
    sub = mkdtempSync(join(tmpdir(), 'ipclab-tc-'));
  });
  afterEach(() => rmSync(sub, { recursive: true, force: true }));
  afterAll(() => {
    if (saved === undefined) delete process.env.IPCLAB_BUILD_CACHE;
    else process.env.IPCLAB_BUILD_CACHE = saved;
    resetSettings();
  });

  /** Builds the reference of `id` with `edit` applied to one of its files. */
  async function build(id: string, file: string, edit: (src: string) => string): Promise<BuildResult> {
    cpSync(join(packageRoot(), 'reference', id), join(sub, id), { recursive: true });
    const path = join(sub, id, file);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    const ex = exercise(id);
    const b = await buildExercise(sub, ex.spec, ex.dir);
    b.cleanup();
    return b;
  }

  it('a well-typed submission builds', async () => {
    const b = await build('pipe-copy', 'pipe_copy.ts', (s) => s);
    expect(b.log).toBe('');
    expect(b.status).toBe('built');
    expect(b.cached).toBeUndefined();
    expect([...b.programs.values()]).toEqual([{ name: 'pipe_copy', language: 'ts' }]);
  }, 120000);

  it('a wrong argument and a wrong assignment fail the build at their line and column', async () => {
    const b = await build('pipe-copy', 'pipe_copy.ts', (s) =>
      s.replace("import { spawn }", "import * as ipc from 'ipclab/ipc';\nimport { spawn }")
        .replace(/^const BUFSIZE = .*$/m, (l) => `${l}\nconst zz: number = "str";\nfunction oops(r: number): void { ipc.close(r, "oops"); }\nvoid oops; void zz;`));
    expect(b.status).toBe('failed');
    const src = readFileSync(join(packageRoot(), 'reference/pipe-copy/pipe_copy.ts'), 'utf8').split('\n');
    const zzLine = src.findIndex((l) => l.startsWith('const BUFSIZE')) + 3; // 1-based, after the added import
    expect(b.log).toContain('type check (tsc) failed:');
    expect(b.log).toContain(`pipe-copy/pipe_copy.ts:${zzLine}:7: error: Type 'string' is not assignable to type 'number'. (TS2322)`);
    expect(b.log).toContain(`pipe-copy/pipe_copy.ts:${zzLine + 1}:47: error: Expected 1 arguments, but got 2. (TS2554)`);
    expect(b.programs.size).toBe(0);
    expect(b.missing.get('pipe_copy')).toBe('`pipe_copy` was not built: `pipe-copy/pipe_copy.ts` has type errors (see the build log)');
  }, 120000);

  it('an error in one program leaves the other built; one in a shared module fails them all', async () => {
    const one = await build('fifo-seqnum', 'fifo_client.ts', (s) => `${s}\nconst bad: number = 'x';\nvoid bad;\n`);
    expect([...one.programs.keys()]).toEqual(['fifo_server']);
    expect(one.missing.get('fifo_client')).toMatch(/`fifo-seqnum\/fifo_client\.ts` has type errors/);
    rmSync(join(sub, 'fifo-seqnum'), { recursive: true });
    const shared = await build('mmap-counter', 'region.ts', (s) => `${s}\nexport const bad: number = 'x';\n`);
    expect(shared.programs.size).toBe(0);
    expect(shared.log).toMatch(/^ {2}mmap-counter\/region\.ts:\d+:14: error: Type 'string' is not assignable to type 'number'/m);
    for (const p of ['counter', 'counter_show']) expect(shared.missing.get(p)).toBe(`\`${p}\` was not built: the type check of \`mmap-counter/\` found errors (see the build log)`);
  }, 120000);

  it('runs in the sandbox: a file outside the submission is not there to read', async () => {
    // the canary is only on the host; a checker running outside the sandbox would quote it
    const host = mkdtempSync(join(tmpdir(), 'ipclab-tc-host-'));
    try {
      writeFileSync(join(host, 'secret.ts'), 'export const leak: "x" = "CANARY-tc-7731";\n');
      const b = await build('pipe-copy', 'pipe_copy.ts', (s) => `/// <reference path="${join(host, 'secret.ts')}" />\n${s}`);
      expect(b.log).not.toContain('CANARY');
      if (isolation().mode === 'isolated') {
        expect(b.status).toBe('failed');
        expect(b.log).toMatch(/pipe-copy\/pipe_copy\.ts:1:22: error: File '.*secret\.ts' not found\. \(TS6053\)/);
      }
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  }, 120000);

  it('reads only the runner\'s records, and counts what it does not list', () => {
    const out = [
      'not a record',
      JSON.stringify({ file: 'a.ts', line: 2, col: 3, code: 2322, text: 'Type \'string\' is not assignable to type \'number\'.' }),
      '{"file": "forged.ts"}',
      JSON.stringify({ file: '', line: 0, col: 0, code: 5023, text: 'Unknown option' }),
      JSON.stringify({ total: 25, files: ['a.ts', ''] }),
    ].join('\n');
    const e = typeErrors(out, 'ex');
    expect(e.lines).toEqual(['ex/a.ts:2:3: error: Type \'string\' is not assignable to type \'number\'. (TS2322)', 'error: Unknown option (TS5023)', '… and 23 more']);
    expect([...e.files]).toEqual(['a.ts', '']);
    expect(e.total).toBe(25);
  });
});
