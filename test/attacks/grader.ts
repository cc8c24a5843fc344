// Runs ipclab the way an attack test needs: as root (isolated with namespaces and a student uid),
// as an unprivileged grader isolated through a user namespace, or as that grader through
// passwordless sudo (as on GitHub-hosted runners; only where `sudo -n` lets the grader start the
// init, see .ci/run), from outside, as a process.
import { execa } from 'execa';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../harness/settings.js';

export type Grader = 'root' | 'user' | 'sudo';

/** The uid ipclab runs as in 'user' and 'sudo' modes: not a student uid the suite's inventory watches. */
export const GRADER_UID = Number(process.env.IPCLAB_TEST_GRADER_UID ?? 60999);
const isRoot = process.getuid?.() === 0;
const INIT = join(packageRoot(), 'build', 'ipclab-init');

/** Whether that grader's ipclab runs as GRADER_UID (so what it must write is chowned to it). */
export function asGraderUid(as: Grader): boolean {
  return isRoot && as !== 'root';
}

/** Why the 'sudo' grader cannot run here, or undefined when `sudo -n <init> --isolate` brings the init up for GRADER_UID. */
function sudoUnavailable(): string | undefined {
  if (!isRoot) return 'the suite is not running as root, so it cannot act as the grader uid';
  const r = spawnSync('setpriv', ['--reuid', String(GRADER_UID), '--regid', String(GRADER_UID), '--clear-groups', 'sudo', '-n', INIT, '--isolate'], { input: '', timeout: 10_000 });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return 'setpriv is not installed';
  const out = r.stdout ?? Buffer.alloc(0);
  if (r.status === 0 && out.length >= 8 && out.readUInt16LE(4) === 1) return undefined;
  const said = String(r.stderr ?? '').trim().split('\n')[0];
  return `sudo -n ${INIT} --isolate fails for uid ${GRADER_UID}${said ? ` (${said})` : ''}: run .ci/run, which installs sudo and /etc/sudoers.d/ipclab-ci`;
}

/** Why the 'sudo' grader is left out of this run (undefined: it is in). */
export const sudoSkipped = sudoUnavailable();

/** Root and the user-namespace grader when the suite runs as root, and sudo where it works; only through a user namespace otherwise. */
export const graders: Grader[] = isRoot ? ['root', 'user', ...(sudoSkipped ? [] : ['sudo' as const])] : ['user'];

export interface Workspace {
  dir: string;
  remove(): void;
}

/** A temp folder the grader of that kind can write (its out-dir, its HOME). */
export function workspace(as: Grader, prefix = 'ipclab-attack-'): Workspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asGraderUid(as)) chownSync(dir, GRADER_UID, GRADER_UID);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A TMPDIR of its own for the ipclab under test, inside the workspace: the test then sees only
 * that ipclab's temp folders, and the grader can write it in either mode.
 */
export function privateTmp(ws: Workspace, as: Grader): string {
  const dir = join(ws.dir, 'tmp');
  mkdirSync(dir);
  if (asGraderUid(as)) chownSync(dir, GRADER_UID, GRADER_UID);
  // student uids must reach their run folders inside it
  chmodSync(ws.dir, 0o711);
  chmodSync(dir, 0o711);
  return dir;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export interface IpclabOptions {
  home: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  cwd?: string;
  /** another ipclab to run (an installed one, say) instead of this checkout's dist/ */
  cli?: string;
}

/** `ipclab <args>` started as the given grader, not awaited (to signal it, say); its pid is ipclab's own. */
export function startIpclab(args: string[], as: Grader, opts: IpclabOptions) {
  const cli = opts.cli ?? join(packageRoot(), 'dist', 'bin', 'ipclab.js');
  // sudo mode is named: userns would come up first otherwise
  const env = { ...process.env, HOME: opts.home, XDG_CACHE_HOME: join(opts.home, '.cache'), IPCLAB_ISOLATION: as === 'sudo' ? 'sudo' : 'isolated', ...opts.env };
  // setpriv execs node: the same pid
  const [file, argv] = asGraderUid(as)
    ? ['setpriv', ['--reuid', String(GRADER_UID), '--regid', String(GRADER_UID), '--clear-groups', process.execPath, cli, ...args]]
    : [process.execPath, [cli, ...args]];
  return execa(file, argv as string[], { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: opts.timeoutMs ?? 120_000, cwd: opts.cwd, stripFinalNewline: false });
}

/** `ipclab <args>` as the given grader; never throws for a non-zero exit. */
export async function ipclab(args: string[], as: Grader, opts: IpclabOptions): Promise<Run> {
  const r = await startIpclab(args, as, opts);
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * Grades a one-program submission (`<program>/<program>.c` from the fixture folder) against the
 * fixture's catalogue, as JSON, from outside; expects a clean run and returns its only test, the
 * grader's private TMPDIR and the report's path.
 */
export async function gradeFixtureProgram<T>(ws: Workspace, as: Grader, fixture: string, program: string): Promise<{ test: T; tmp: string; out: string }> {
  const sub = join(ws.dir, 'sub');
  mkdirSync(join(sub, program), { recursive: true });
  copyFileSync(join(fixture, `${program}.c`), join(sub, program, `${program}.c`));
  const out = join(ws.dir, 'result.json');
  const tmp = privateTmp(ws, as);
  const r = await ipclab(['grade', sub, '--catalogue', join(fixture, 'catalogue'), '--format', 'json', '--out', out, '--exit-zero', '-q'], as, { home: ws.dir, env: { TMPDIR: tmp } });
  if (r.code !== 0 || r.stderr !== '') throw new Error(`ipclab grade exited ${r.code}: ${r.stderr}`);
  return { test: JSON.parse(readFileSync(out, 'utf8')).exercises[0].tests[0] as T, tmp, out };
}
