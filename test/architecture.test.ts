// The layering rule "no import runs back" as a test: every module the project compiles (tsconfig's
// files), every import (type-only, re-export and dynamic ones too) resolved as tsc resolves it,
// and no strongly connected set of modules. Without madge: the TypeScript API is a dependency already.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { dir } from 'tmp-promise';
import { packageRoot } from '../harness/settings.js';

type Graph = Map<string, string[]>;

/** The project's import graph: each source file → the project files it imports. */
function importGraph(files: string[], options: ts.CompilerOptions): Graph {
  const inProject = new Set(files);
  const graph: Graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps = importedFiles
      .map((i) => ts.resolveModuleName(i.fileName, file, options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((d): d is string => !!d && inProject.has(d));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

/** Tarjan's strongly connected components with more than one module, or a module importing itself. */
function cycles(graph: Graph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) visit(w);
      if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, low.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc = stack.splice(stack.indexOf(v));
    if (scc.length > 1 || graph.get(v)!.includes(v)) found.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The files and options tsc uses for a tsconfig.json. */
function project(configFile: string): { files: string[]; options: ts.CompilerOptions } {
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, join(configFile, '..'));
  return { files: parsed.fileNames.map((f) => ts.sys.resolvePath(f)), options: parsed.options };
}

describe('the import graph', () => {
  const root = packageRoot();
  const { files, options } = project(join(root, 'tsconfig.json'));
  const graph = importGraph(files, options);
  const rel = (f: string) => relative(root, f);

  it('resolves the project imports it walks (else an empty graph would pass)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get(join(root, 'grader/report/index.ts'))!.map(rel)).toContain('grader/report/junit.ts');
    expect(graph.get(join(root, 'grader/report/junit.ts'))!.map(rel)).toContain('grader/report/types.ts'); // import type
    expect(graph.get(join(root, 'index.ts'))!.map(rel)).toContain('grader/report/index.ts'); // export … from
  });

  it('has no cycle anywhere in the repository', () => {
    expect(cycles(graph).map((c) => c.map(rel))).toEqual([]);
  });

  it('finds a cycle when there is one, through type-only imports too', async () => {
    const tmp = await dir({ prefix: 'ipclab-arch-', unsafeCleanup: true });
    try {
      const a = join(tmp.path, 'a.ts');
      const b = join(tmp.path, 'b.ts');
      const c = join(tmp.path, 'c.ts');
      writeFileSync(a, "import { b } from './b.js';\nexport const a = b;\n");
      writeFileSync(b, "import type { C } from './c.js';\nexport const b: C = 1;\n");
      writeFileSync(c, "export type C = number;\nexport const c = () => import('./a.js');\n");
      expect(cycles(importGraph([a, b, c], options))).toEqual([[a, b, c]]);
    } finally {
      await tmp.cleanup();
    }
  });
});
