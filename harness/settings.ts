// ipclab's settings: every environment variable it obeys and every path it derives from them,
// read in one place into a typed object. Nothing else reads process.env.IPCLAB_* (reporters get
// the CI variables they format through their context). Tests that change the environment call
// resetSettings() (resetIsolation() does too), as the value is read once per process.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Settings {
  /**
   * IPCLAB_ISOLATION: `isolated` (any isolated mode), `fallback`, or one mode by name (`root`,
   * `sudo`, `userns`); anything else is `auto`.
   */
  isolation: IsolationSetting;
  /** CI or GITHUB_ACTIONS is set (and not `false`/`0`): fallback mode is refused without --allow-fallback. */
  ci: boolean;
  /** IPCLAB_UID: the one uid student code runs as when root (else a fresh uid per run). */
  uid?: number;
  /** IPCLAB_UID_BASE: first of the 65536 uids runs get their own uid from (default 200000). */
  uidBase: number;
  /** IPCLAB_TEST_JOBS: tests run side by side (default: one per CPU). */
  testJobs?: number;
  /** IPCLAB_TEST_CRASH (tests only): the submission folder name whose grading fails on purpose. */
  testCrash?: string;
  /** CC: the compiler of the init. */
  cc: string;
  /** `$XDG_CACHE_HOME/ipclab` (or ~/.cache/ipclab): the init when build/ cannot hold it. */
  cacheDir: string;
  /** IPCLAB_BUILD_CACHE: the build cache (a folder; `0` turns it off), default cacheDir/builds. */
  buildCache?: string;
  /** IPCLAB_SPEC_CACHE=0 turns the cache of validated specs (cacheDir/specs) off. */
  specCache?: string;
  /** The folder holding ipclab's package.json. */
  packageRoot: string;
  /** IPCLAB_STRACE: the tracer traced tests use (empty: none); default /usr/bin/strace or /bin/strace, if there. */
  strace?: string;
}

export type IsolationSetting = 'auto' | 'isolated' | 'fallback' | 'root' | 'sudo' | 'userns';
const ISOLATION_SETTINGS: readonly string[] = ['isolated', 'fallback', 'root', 'sudo', 'userns'];

/** A CI variable that is set to anything but empty, `false` or `0`. */
function flag(value: string | undefined): boolean {
  return value !== undefined && !['', 'false', '0'].includes(value.trim().toLowerCase());
}

/** The settings a given environment makes (pure but for the home folder and packageRoot). */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const want = env.IPCLAB_ISOLATION;
  const cacheDir = join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ipclab');
  return {
    isolation: want !== undefined && ISOLATION_SETTINGS.includes(want) ? (want as IsolationSetting) : 'auto',
    ci: flag(env.CI) || flag(env.GITHUB_ACTIONS),
    uid: env.IPCLAB_UID !== undefined ? Number(env.IPCLAB_UID) : undefined,
    uidBase: Number(env.IPCLAB_UID_BASE ?? 200000),
    testJobs: env.IPCLAB_TEST_JOBS !== undefined ? Number(env.IPCLAB_TEST_JOBS) : undefined,
    testCrash: env.IPCLAB_TEST_CRASH || undefined,
    cc: env.CC ?? 'cc',
    cacheDir,
    buildCache: env.IPCLAB_BUILD_CACHE === '0' ? undefined : env.IPCLAB_BUILD_CACHE ?? join(cacheDir, 'builds'),
    specCache: env.IPCLAB_SPEC_CACHE === '0' ? undefined : join(cacheDir, 'specs'),
    strace: env.IPCLAB_STRACE !== undefined ? env.IPCLAB_STRACE || undefined : ['/usr/bin/strace', '/bin/strace'].find((p) => existsSync(p)),
    packageRoot: packageRoot(),
  };
}

let current: Settings | undefined;

/** This process's settings, read from its environment on first use. */
export function settings(): Settings {
  return (current ??= readSettings());
}

/** For tests and benchmarks: read the environment again on next use. */
export function resetSettings(): void {
  current = undefined;
}

let root: string | undefined;

/** The folder holding ipclab's package.json (works from sources and from dist/). */
export function packageRoot(): string {
  return (root ??= findPackageRoot(dirname(fileURLToPath(import.meta.url))));
}

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if (JSON.parse(readFileSync(candidate, 'utf8')).name === 'ipclab') return dir;
      } catch {
        /* keep looking */
      }
    }
    if (dirname(dir) === dir) throw new Error('ipclab: cannot find its own package.json');
  }
}
