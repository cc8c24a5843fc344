// C source → syntax tree, with tree-sitter's C grammar as WebAssembly (no native build at install).
import { createRequire } from 'node:module';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export type { Node, Tree } from 'web-tree-sitter';

let parser: Promise<Parser> | undefined;

async function loadParser(): Promise<Parser> {
  await Parser.init();
  const require = createRequire(import.meta.url);
  const c = await Language.load(require.resolve('tree-sitter-c/tree-sitter-c.wasm'));
  const p = new Parser();
  p.setLanguage(c);
  return p;
}

/** The syntax tree of one C file; node indices are positions in `source` (UTF-16, as JS strings). */
export async function parseC(source: string): Promise<Tree> {
  parser ??= loadParser();
  const tree = (await parser).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
