// Locates (and compiles on first use) the per-test init, so that a packed install works
// wherever a C compiler exists.
// execFileSync, not execa: the init is compiled synchronously inside initBinary() on first use only,
// and execa's sync API would need a static import (~200 ms at every CLI start).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { settings } from '../settings.js';


let cached: string | undefined;

export function initBinary(): string {
  if (cached) return cached;
  const { packageRoot: root, cacheDir, cc } = settings();
  const source = join(root, 'harness', 'init', 'ipclab-init.c');
  const candidates = [join(root, 'build'), cacheDir];
  for (const dir of candidates) {
    const bin = join(dir, 'ipclab-init');
    if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(source).mtimeMs) return (cached = bin);
  }
  let lastError: unknown;
  for (const dir of candidates) {
    const bin = join(dir, 'ipclab-init');
    try {
      mkdirSync(dir, { recursive: true });
      execFileSync(cc, ['-O2', '-Wall', '-o', bin, source, '-lrt'], { stdio: ['ignore', 'ignore', 'pipe'] });
      chmodSync(bin, 0o755);
      return (cached = bin);
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`ipclab: cannot compile its process supervisor ${source} (is a C compiler installed?)`, { cause: lastError });
}
