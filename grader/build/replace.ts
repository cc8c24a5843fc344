// A test's `replace:` (a student program stood in for by one of the exercise's helpers): a folder
// put first on PATH that holds each helper under the replaced program's name. Whatever starts the
// program by name then runs the helper — the test's own `run:` and the student's execlp alike.
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { HELPERS_DIR } from './folder.js';

/**
 * The folder for these replacements beside the build's helpers (root-owned like them, so student
 * code cannot change it), made on first use and shared by every test asking for the same ones.
 */
export function replacementDir(binDir: string, replace: Record<string, string>): string {
  const pairs = Object.entries(replace).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const id = createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
  const dir = join(dirname(binDir), 'replace', id);
  if (existsSync(dir)) return dir;
  const helpers = join(binDir, HELPERS_DIR);
  const staging = `${dir}.new`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true, mode: 0o755 });
  chmodSync(dirname(dir), 0o755);
  for (const [program, helper] of pairs) {
    const to = join(staging, program);
    copyFileSync(join(helpers, helper), to);
    chmodSync(to, 0o755);
  }
  renameSync(staging, dir); // whole, or not there: a test never sees half of it
  return dir;
}
