// TypeScript programs: transpiled in-process (transpiling runs no student code) into the build
// folder, which is still root's and holds only what copySubmission checked; run by Node through a
// wrapper. Every file written replaces the entry there (a link, a file) and never writes through it.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';
import { chmodTree, writeNew } from './tree.js';

export async function transpileFolder(dir: string): Promise<void> {
  // loaded only when a submission has TypeScript: it is most of the CLI's start-up time otherwise
  const ts = (await import('typescript')).default;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    // a link here points inside the folder (copySubmission checked): read what it names
    if (!namesFile(join(dir, name))) continue;
    const source = readFileSync(join(dir, name), 'utf8');
    const out = ts.transpileModule(source, {
      fileName: name,
      reportDiagnostics: true,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length) {
      const d = errors[0];
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      throw new Error(`${name}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
    writeNew(join(dir, `${basename(name, '.ts')}.js`), out.outputText, 0o644);
  }
  writeNew(join(dir, 'package.json'), '{ "type": "module" }\n', 0o644);
  installBindings(join(dir, 'node_modules'));
}

/**
 * `import ... from 'ipclab/ipc'` resolves to a copy of the bindings ipclab ships, and koffi
 * beside it (2 MB): the unprivileged uid may not be able to read this repository. The folder is
 * new (copySubmission skips node_modules), so these copies write into nothing of the student's.
 */
function installBindings(modules: string): void {
  mkdirSync(modules, { mode: 0o755 });
  const ipclab = join(modules, 'ipclab');
  mkdirSync(ipclab);
  const root = packageRoot();
  // one file (scripts/bundle-ipc.mjs): a module fewer per import is start-up time of every program
  cpSync(join(root, 'dist', 'lib', 'ipc.js'), join(ipclab, 'ipc.js'));
  // its declarations, for the type check (typecheck.ts) and the student's editor alike
  cpSync(join(root, 'dist', 'lib', 'ipc'), join(ipclab, 'types'), { recursive: true, filter: (p) => !p.endsWith('.js') });
  writeNew(join(ipclab, 'package.json'), '{ "name": "ipclab", "type": "module", "exports": { "./ipc": { "types": "./types/index.d.ts", "default": "./ipc.js" } } }\n', 0o644);
  const koffi = dirname(createRequire(join(root, 'package.json')).resolve('koffi'));
  cpSync(koffi, join(modules, 'koffi'), { recursive: true });
  // koffi's native part is a package of its own, found beside koffi (../@koromix/koffi-<os>-<arch>)
  const native = join(koffi, '..', '@koromix', `koffi-${process.platform}-${process.arch}`);
  if (existsSync(native)) cpSync(native, join(modules, '@koromix', `koffi-${process.platform}-${process.arch}`), { recursive: true });
  chmodTree(modules);
}

function namesFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // a dangling link, a loop
  }
}

export function writeWrapper(dir: string, program: string): void {
  const wrapper = join(dir, program);
  // relative to the wrapper itself, so that a cached build works from any folder
  writeNew(wrapper, `#!/bin/sh\nexec '${process.execPath}' "$(dirname "$0")/${program}.js" "$@"\n`, 0o755);
}
