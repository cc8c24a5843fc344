// docs/typescript.md's complete example is a real program: type-checked against the bindings'
// sources, compiled, and run the way ipclab runs a TypeScript submission (`ipclab/ipc` resolved
// from node_modules beside it), in a temp folder removed afterwards.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { typeErrors } from './typecheck.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The first ```ts block after the heading "A complete example". */
function example(): string {
  const doc = fs.readFileSync(path.join(root, 'docs', 'typescript.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('A complete example'));
  const m = section && /```ts\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('docs/typescript.md: no ```ts block under "A complete example"');
  return m[1]!;
}

describe('docs/typescript.md', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipclab-test-tsdoc-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the complete example type-checks, compiles and runs: parent and child share the count', () => {
    const source = example();
    const file = path.join(dir, 'shared-count.ts');
    fs.writeFileSync(file, source);
    expect(typeErrors([file])).toEqual([]);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    fs.writeFileSync(path.join(dir, 'shared-count.js'), js.outputText);
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
    const ipclab = path.join(dir, 'node_modules', 'ipclab');
    fs.mkdirSync(ipclab, { recursive: true });
    fs.copyFileSync(path.join(root, 'dist', 'lib', 'ipc.js'), path.join(ipclab, 'ipc.js'));
    fs.writeFileSync(path.join(ipclab, 'package.json'), '{ "name": "ipclab", "type": "module", "exports": { "./ipc": "./ipc.js" } }\n');
    fs.symlinkSync(path.join(root, 'node_modules', 'koffi'), path.join(dir, 'node_modules', 'koffi'));
    const r = spawnSync(process.execPath, ['shared-count.js', '20000'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } });
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', '40000\n']);
  });
});
