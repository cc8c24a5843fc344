import { inventory } from './global-inventory.js';

// Fails the run when the suite left an IPC object, /dev/shm entry, temp folder (with its
// FIFOs) or a process of the student uid behind.
export default async function () {
  const before = globalThis.__IPCLAB_BEFORE__;
  let after;
  for (let i = 0; i < 20; i++) {
    after = inventory();
    const fresh = Object.keys(after).flatMap((k) => after[k].filter((x) => !before[k].includes(x)));
    if (!fresh.length) return;
    await new Promise((r) => setTimeout(r, 100)); // a kernel namespace may still be going away
  }
  const fresh = Object.keys(after).flatMap((k) => after[k].filter((x) => !before[k].includes(x)));
  throw new Error(`the test suite left these behind:\n  ${fresh.join('\n  ')}`);
}
