// Test helpers: host-wide views used to prove that nothing is left behind.
import { resetIsolation } from '../harness/isolate/mode.js';
import { readdirSync, readFileSync } from 'node:fs';

/** pids of processes on the host whose command line contains a marker. */
export function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes(marker)) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out.filter((p) => p !== process.pid);
}

export function unique(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The test file grades in fallback mode (IPCLAB_ISOLATION=fallback), and restores the mode after. */
export function inFallbackMode(): void {
  const saved = process.env.IPCLAB_ISOLATION;
  beforeAll(() => {
    process.env.IPCLAB_ISOLATION = 'fallback';
    resetIsolation();
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.IPCLAB_ISOLATION;
    else process.env.IPCLAB_ISOLATION = saved;
    resetIsolation();
  });
}
