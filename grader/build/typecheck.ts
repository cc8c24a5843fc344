// The type check of a build's TypeScript programs: one tsc program over every .ts file of the
// exercise, run as a build step (in the sandbox, as the build's uid: tsc reads what the student
// wrote and can be made to work hard, so it gets the build's limits and timeout, never root's
// process). The runner is ipclab's own script, written beside bin/ (root-owned, like the helpers);
// it prints one JSON record per error, which this module turns into compiler-style log lines.
import { mkdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../harness/settings.js';
import type { BuildStep } from './plan.js';
import { writeNew } from './tree.js';

/**
 * What a submission is checked with, as a tsconfig's compilerOptions: the module rules Node
 * itself applies at run time (an ES module folder, relative imports with `.js`), strict, and only
 * Node's types (no DOM). skipLibCheck: the shipped declarations are not the student's to fix.
 */
const TYPECHECK_OPTIONS = {
  target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true,
  esModuleInterop: true, skipLibCheck: true, noEmit: true, types: ['node'],
} as const;

/** Errors listed in full; the rest are counted. */
const MAX_LISTED = 20;

/** The folders of the type checker ipclab ships (typescript, @types/node and what it imports): read-only in the sandbox. */
function checkerDirs(): { typescript: string; typeRoots: string; dirs: string[] } {
  const req = createRequire(join(packageRoot(), 'package.json'));
  const pkg = (name: string, from = req) => realpathSync(dirname(from.resolve(`${name}/package.json`)));
  const typescript = pkg('typescript');
  const node = pkg('@types/node');
  const undici = pkg('undici-types', createRequire(join(node, 'package.json')));
  return { typescript, typeRoots: dirname(node), dirs: [typescript, node, undici] };
}

/** The step that type-checks `files` (names in bin/), with its runner written into `toolsDir` (a new, root-owned folder). */
export function typeCheckStep(toolsDir: string, files: string[]): BuildStep & { readOnly: string[] } {
  const { typescript, typeRoots, dirs } = checkerDirs();
  mkdirSync(toolsDir, { mode: 0o755 });
  const runner = join(toolsDir, 'typecheck.mjs');
  writeNew(runner, runnerSource(pathToFileURL(join(typescript, 'lib', 'typescript.js')).href, typeRoots), 0o644);
  return { label: 'tsc', shown: 'type check (tsc)', argv: [process.execPath, runner, ...files], readOnly: [toolsDir, ...dirs] };
}

function runnerSource(typescriptUrl: string, typeRoots: string): string {
  return `// ipclab's type check of a TypeScript submission (grader/build/typecheck.ts)
import ts from ${JSON.stringify(typescriptUrl)};
const compilerOptions = ${JSON.stringify({ ...TYPECHECK_OPTIONS, typeRoots: [typeRoots] })};
const { options } = ts.convertCompilerOptionsFromJson(compilerOptions, process.cwd());
const program = ts.createProgram(process.argv.slice(2), options);
const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
const here = process.cwd() + '/';
const fileOf = (d) => (!d.file ? '' : d.file.fileName.startsWith(here) ? d.file.fileName.slice(here.length) : d.file.fileName);
for (const d of errors.slice(0, ${MAX_LISTED})) {
  const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
  console.log(JSON.stringify({ file: fileOf(d), line: at ? at.line + 1 : 0, col: at ? at.character + 1 : 0, code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, ' ') }));
}
console.log(JSON.stringify({ total: errors.length, files: [...new Set(errors.map(fileOf))] }));
process.exitCode = errors.length ? 1 : 0;
`;
}

export interface TypeErrors {
  /** Compiler-style lines: `exercise/file.ts:line:col: error: message (TScode)`. */
  lines: string[];
  /** The files with errors (names in bin/; '' for an error in no file, such as an option). */
  files: Set<string>;
  total: number;
}

interface ErrorRecord { file: string; line: number; col: number; code: number; text: string }

/** The runner's records (the runner is ipclab's; a line that is not one of its records is skipped). */
export function typeErrors(output: string, exercise: string): TypeErrors {
  const out: TypeErrors = { lines: [], files: new Set(), total: 0 };
  for (const line of output.split('\n')) {
    const r = record(line);
    if (!r) continue;
    if ('total' in r) {
      out.total = r.total;
      for (const f of r.files) out.files.add(f);
      continue;
    }
    const where = r.file ? `${r.file.startsWith('/') ? r.file : `${exercise}/${r.file}`}${r.line ? `:${r.line}:${r.col}` : ''}: ` : '';
    out.lines.push(`${where}error: ${r.text} (TS${r.code})`);
  }
  const more = out.total - out.lines.length;
  if (more > 0) out.lines.push(`… and ${more} more`);
  return out;
}

function record(line: string): ErrorRecord | { total: number; files: string[] } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const r = JSON.parse(line) as Record<string, unknown>;
    if (typeof r.total === 'number' && Array.isArray(r.files)) return { total: r.total, files: r.files.filter((f): f is string => typeof f === 'string') };
    if (typeof r.file === 'string' && typeof r.line === 'number' && typeof r.col === 'number' && typeof r.code === 'number' && typeof r.text === 'string') return r as unknown as ErrorRecord;
  } catch {
    // not a record
  }
  return undefined;
}
