// What may leave the course's repository. The npm package, student repositories and autograder
// bundles carry specs, statements, starter code and helpers; never a known solution
// (exercises/<id>/solutions/) nor a reference solution (reference/<id>/, dist/reference/<id>/).
// Those live only in the source checkout of the catalogue.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { packageRoot } from '../harness/settings.js';
import { findExerciseFiles } from '../harness/spec/load.js';

/** Is this path (relative, `/`-separated, an npm tarball's `package/` prefix allowed) a solution? */
export function isSolutionPath(path: string): boolean {
  const parts = path.replace(/^package\//, '').split('/').filter(Boolean);
  // exercises/<id>/solutions at any depth: a catalogue may sit anywhere in a bundle
  if (parts.some((p, i) => p === 'solutions' && i >= 2 && parts[i - 2] === 'exercises')) return true;
  const ref = parts[0] === 'dist' ? 1 : 0;
  // all of reference/ is solutions: the published bindings live apart, in lib/ipc/
  return parts[ref] === 'reference' && parts.length > ref + 1;
}

/** The solution paths a packed tarball (.tgz) holds; throws when tar cannot list it. */
export async function tarballSolutions(tarball: string): Promise<string[]> {
  // execa costs ~200 ms of start-up: loaded only by the commands that start a tool
  const { execa } = await import('execa');
  const listed = await execa('tar', ['-tzf', tarball], { reject: false, stripFinalNewline: true });
  if (listed.exitCode !== 0) throw new Error(`cannot read ${tarball} as a packed ipclab (tar: ${String(listed.stderr).split('\n')[0]})`);
  return String(listed.stdout).split('\n').filter((p) => !p.endsWith('/') && isSolutionPath(p));
}

/** Refuses a tarball that would hand solutions to whoever receives it. */
export async function assertNoSolutions(tarball: string): Promise<void> {
  const found = await tarballSolutions(tarball);
  if (found.length) throw new Error(`${tarball} carries ${found.length} solution file${found.length === 1 ? '' : 's'} (${found[0]}, …): pack it again with this ipclab's package.json, which leaves solutions out`);
}

/** Is this ipclab a source checkout (with the references `verify` needs) rather than an installed package? */
export function referencesDir(root = packageRoot()): string | undefined {
  const dir = join(root, 'reference');
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir, { withFileTypes: true }).some((d) => d.isDirectory()) ? dir : undefined;
}

/** Is `path` inside ipclab's own folder while that folder is an installed package? */
export function insideInstalledPackage(path: string): boolean {
  const root = packageRoot();
  const rel = relative(root, path);
  return !referencesDir(root) && (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep)));
}

/**
 * Copies a catalogue for an autograder bundle: schema.json and each exercise folder (or only
 * `ids`), without known solutions. Returns the ids copied.
 */
export function copyCatalogue(from: string, to: string, ids?: string[]): string[] {
  const copied: string[] = [];
  if (existsSync(join(from, 'schema.json'))) cpSync(join(from, 'schema.json'), join(to, 'schema.json'));
  for (const file of findExerciseFiles(from)) {
    const dir = dirname(file);
    const id = basename(dir);
    if (ids && !ids.includes(id)) continue;
    cpSync(dir, join(to, id), { recursive: true, filter: (p) => !isSolutionPath(`exercises/${relative(dirname(dir), p).split(sep).join('/')}`) });
    copied.push(id);
  }
  return copied;
}
