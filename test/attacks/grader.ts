// Runs ipclab the way an attack test needs: as root (isolated with namespaces and a student uid)
// or as an unprivileged grader (isolated through a user namespace), from outside, as a process.
import { execa } from 'execa';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../harness/init/binary.js';

export type Grader = 'root' | 'user';

/** The uid ipclab runs as in 'user' mode: not a student uid the suite's inventory watches. */
export const GRADER_UID = Number(process.env.IPCLAB_TEST_GRADER_UID ?? 60999);
const isRoot = process.getuid?.() === 0;

/** Both ways when the suite runs as root; only through a user namespace otherwise. */
export const graders: Grader[] = isRoot ? ['root', 'user'] : ['user'];

export interface Workspace {
  dir: string;
  remove(): void;
}

/** A temp folder the grader of that kind can write (its out-dir, its HOME). */
export function workspace(as: Grader, prefix = 'ipclab-attack-'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (as === 'user' && isRoot) chownSync(dir, GRADER_UID, GRADER_UID);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `ipclab <args>` as the given grader (`cli`: another ipclab, e.g. an installed one); never throws for a non-zero exit. */
export async function ipclab(args: string[], as: Grader, opts: { home: string; env?: Record<string, string>; timeoutMs?: number; cwd?: string; cli?: string }): Promise<Run> {
  const cli = opts.cli ?? join(packageRoot(), 'dist', 'bin', 'ipclab.js');
  const env = { ...process.env, HOME: opts.home, XDG_CACHE_HOME: join(opts.home, '.cache'), IPCLAB_ISOLATION: 'isolated', ...opts.env };
  const [file, argv] = as === 'user' && isRoot
    ? ['setpriv', ['--reuid', String(GRADER_UID), '--regid', String(GRADER_UID), '--clear-groups', process.execPath, cli, ...args]]
    : [process.execPath, [cli, ...args]];
  const r = await execa(file, argv as string[], { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: opts.timeoutMs ?? 120_000, cwd: opts.cwd, stripFinalNewline: false });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
