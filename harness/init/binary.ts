// Locates (and compiles on first use) the per-test init, so that a packed install works
// wherever a C compiler exists.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding ipclab's package.json (works from sources and from dist/). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        if (JSON.parse(readFileSync(candidate, 'utf8')).name === 'ipclab') return dir;
      } catch {
        /* keep looking */
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('ipclab: cannot find its own package.json');
    dir = up;
  }
}

let cached: string | undefined;

export function initBinary(): string {
  if (cached) return cached;
  const root = packageRoot();
  const source = join(root, 'harness', 'init', 'ipclab-init.c');
  const candidates = [join(root, 'build'), join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ipclab')];
  for (const dir of candidates) {
    const bin = join(dir, 'ipclab-init');
    if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(source).mtimeMs) return (cached = bin);
  }
  let lastError: unknown;
  for (const dir of candidates) {
    const bin = join(dir, 'ipclab-init');
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync(process.env.CC ?? 'cc', ['-O2', '-Wall', '-o', bin, source, '-lrt'], { stdio: ['ignore', 'ignore', 'pipe'] });
      chmodSync(bin, 0o755);
      return (cached = bin);
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`ipclab: cannot compile its process supervisor ${source} (is a C compiler installed?)`, { cause: lastError });
}
