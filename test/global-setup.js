import { inventory } from './global-inventory.js';

export default function () {
  globalThis.__IPCLAB_BEFORE__ = inventory();
}
