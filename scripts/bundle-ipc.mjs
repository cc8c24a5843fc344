// `npm run build`: lib/ipc/'s compiled modules as one file, dist/lib/ipc.js, which is what
// programs load (the `ipclab/ipc` export and the copy in a TypeScript submission). Node 20 pays
// about 2 ms per ES module at start-up and a TypeScript program is a process of its own
// (fifo-seqnum starts 50+): eleven modules cost ~20 ms a start, one file what the old one did.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/lib/ipc/index.js'],
  outfile: 'dist/lib/ipc.js',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['koffi'],
  logLevel: 'warning',
});
