// fork() for TypeScript: Node cannot fork, so a program starts itself again (same Node, same script)
// with a marker argument, handing the child the descriptors it needs as its fds 0, 1, 2, 3, ...
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { createRequire } from 'node:module';

// node:child_process is loaded on first use: most programs never spawn, and importing it costs
// every program's start-up (40-120 ms measured on a loaded 2-core host, 2026-12-02).
const require = createRequire(import.meta.url);
const childProcess = (): typeof import('node:child_process') => require('node:child_process') as typeof import('node:child_process');

/** What a child's fd `i` is: one of the parent's descriptors, 'inherit' (the same as the parent's i), or 'ignore'. */
export type ChildFd = number | 'inherit' | 'ignore';

/**
 * Starts this same program again as a child: `node <this script> ...args`, with the same Node flags.
 * `fds[i]` becomes the child's fd i (default: fds 0-2 inherited; more entries give fds 3, 4, ...).
 * Only those descriptors reach the child when the parent made its own with O_CLOEXEC (pipe2,
 * memfd_create with MFD_CLOEXEC): a leaked write end keeps a reader from seeing end of file.
 * The child's pid is `child.pid`; wait for it with {@link childExit} (not waitpid: Node reaps it).
 */
export function spawnSelf(args: readonly string[], fds: readonly ChildFd[] = ['inherit', 'inherit', 'inherit']): ChildProcess {
  const script = process.argv[1];
  if (script === undefined) throw new Error('spawnSelf: this process runs no script file');
  const stdio = [...fds, ...(['inherit', 'inherit', 'inherit'] as ChildFd[]).slice(fds.length)] as StdioOptions;
  return childProcess().spawn(process.execPath, [...process.execArgv, script, ...args], { stdio });
}

/** How a child ended: its exit status, or the signal that killed it (the other one is null). */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Resolves once the child has ended and been reaped (Node's 'exit'); rejects when it could not be
 * started (the 'error' event, e.g. `spawn ... ENOENT`). Call it right after starting the child, so
 * that neither event is missed.
 */
export function childExit(child: ChildProcess): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}
