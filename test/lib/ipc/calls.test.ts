// The calls the statements name beyond the IPC objects themselves — fstat/stat, ENXIO from a FIFO
// without a reader, the sleeps, poll on several descriptors — and the helpers for what C does with
// fork and signals: spawnSelf/childExit and the event-loop waits. Real kernel, real processes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as ipc from '../../../lib/ipc/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// the bundle programs load (npm run build): scripts below import it as a student's program would
const bundle = pathToFileURL(path.resolve(here, '../../../dist/lib/ipc.js')).href;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipclab-test-calls-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function ipcErrorOf(fn: () => unknown): ipc.IpcError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ipc.IpcError) return e;
    throw e;
  }
  throw new Error('expected an IpcError, nothing was thrown');
}

function msSince(t: bigint): number {
  return Number(process.hrtime.bigint() - t) / 1e6;
}

describe('stat family', () => {
  test('fstat: a pipe is a FIFO, a memfd a regular file whose size ftruncate sets', () => {
    const [r, w] = ipc.pipe2(ipc.O_CLOEXEC);
    const m = ipc.memfd_create('ipclab-test-fstat', ipc.MFD_CLOEXEC);
    try {
      expect(ipc.S_ISFIFO(ipc.fstat(r).st_mode)).toBe(true);
      const before = ipc.fstat(m);
      expect([ipc.S_ISREG(before.st_mode), before.st_size]).toEqual([true, 0]);
      ipc.ftruncate(m, 48);
      const after = ipc.fstat(m);
      expect(after.st_size).toBe(48);
      expect(after.st_ino).toBe(BigInt(fs.fstatSync(m).ino));
      expect(after.st_mode & 0o777).toBe(fs.fstatSync(m).mode & 0o777);
    } finally {
      ipc.close(r);
      ipc.close(w);
      ipc.close(m);
    }
  });

  test('stat sees a FIFO without opening it; lstat a link; ENOENT for a missing path; fstat EBADF', () => {
    const fifo = path.join(dir, 'stat.fifo');
    const link = path.join(dir, 'stat.link');
    ipc.mkfifo(fifo);
    fs.symlinkSync(fifo, link);
    expect(ipc.S_ISFIFO(ipc.stat(fifo).st_mode)).toBe(true);
    expect(ipc.S_ISFIFO(ipc.stat(link).st_mode)).toBe(true);
    expect(ipc.S_ISLNK(ipc.lstat(link).st_mode)).toBe(true);
    expect(ipc.S_ISDIR(ipc.stat(dir).st_mode)).toBe(true);
    expect(ipc.S_ISREG(ipc.stat(fifo).st_mode)).toBe(false);
    const e = ipcErrorOf(() => ipc.stat(path.join(dir, 'missing')));
    expect([e.call, e.code, e.errno]).toEqual(['stat', 'ENOENT', ipc.ENOENT]);
    expect(ipcErrorOf(() => ipc.fstat(-1)).errno).toBe(ipc.EBADF);
  });
});

describe('ENXIO', () => {
  test('a non-blocking open for writing of a FIFO nobody reads fails with ENXIO, and works once a reader is there', () => {
    const fifo = path.join(dir, 'enxio.fifo');
    ipc.mkfifo(fifo);
    const e = ipcErrorOf(() => ipc.open(fifo, ipc.O_WRONLY | ipc.O_NONBLOCK));
    expect(ipc.ENXIO).toBe(6);
    expect([e.call, e.errno, e.code, e.message]).toEqual(['open', ipc.ENXIO, 'ENXIO', 'open: No such device or address']);
    const r = ipc.open(fifo, ipc.O_RDONLY | ipc.O_NONBLOCK);
    try {
      const w = ipc.open(fifo, ipc.O_WRONLY | ipc.O_NONBLOCK);
      ipc.close(w);
    } finally {
      ipc.close(r);
    }
  });
});

describe('sleeps', () => {
  test('usleep and nanosleep sleep at least as long as asked; bad arguments fail', () => {
    let t = process.hrtime.bigint();
    ipc.usleep(20_000);
    expect(msSince(t)).toBeGreaterThanOrEqual(19.5);
    t = process.hrtime.bigint();
    ipc.nanosleep({ tv_sec: 0, tv_nsec: 15_000_000 });
    expect(msSince(t)).toBeGreaterThanOrEqual(14.5);
    t = process.hrtime.bigint();
    ipc.sleepNs(10_000_000);
    expect(msSince(t)).toBeGreaterThanOrEqual(9.5);
    expect(() => ipc.usleep(1_000_000)).toThrow(RangeError);
    expect(ipcErrorOf(() => ipc.nanosleep({ tv_sec: 0, tv_nsec: 1_000_000_000 })).code).toBe('EINVAL');
  });
});

describe('poll and the event-loop waits', () => {
  test('poll on several descriptors: revents per entry, POLLHUP after the writer closes, 0s on timeout', () => {
    const [r1, w1] = ipc.pipe2(ipc.O_CLOEXEC);
    const [r2, w2] = ipc.pipe2(ipc.O_CLOEXEC);
    try {
      expect(ipc.poll([{ fd: r1, events: ipc.POLLIN }, { fd: r2, events: ipc.POLLIN }], 0)).toEqual([0, 0]);
      ipc.write(w2, 'x');
      expect(ipc.poll([{ fd: r1, events: ipc.POLLIN }, { fd: r2, events: ipc.POLLIN }], 1000)).toEqual([0, ipc.POLLIN]);
      ipc.close(w1);
      const [a] = ipc.poll([{ fd: r1, events: ipc.POLLIN }], 1000);
      expect(a! & ipc.POLLHUP).toBe(ipc.POLLHUP);
    } finally {
      for (const fd of [r1, r2, w2]) ipc.close(fd);
    }
  });

  test('waitFd lets timers run while it waits, resolves on data, and 0 on its timeout', async () => {
    const [r, w] = ipc.pipe2(ipc.O_CLOEXEC);
    try {
      expect(await ipc.waitFd(r, ipc.POLLIN, 30)).toBe(0);
      setTimeout(() => ipc.write(w, 'late'), 30); // runs only if the wait leaves the loop free
      const buf = Buffer.alloc(16);
      const n = await ipc.readAsync(r, buf);
      expect(buf.subarray(0, n).toString()).toBe('late');
    } finally {
      ipc.close(r);
      ipc.close(w);
    }
  });
});

/** Runs a script (ES module, importing the bindings as `IPC`) with a pipe as stdin; returns the child and its output. */
function startScript(name: string, body: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `import * as IPC from '${bundle}';\n${body}`);
  const child = spawn(process.execPath, [file], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const printed = (text: string) =>
    new Promise<void>((resolve) => {
      const look = () => (stdout.includes(text) ? resolve() : setTimeout(look, 5));
      look();
    });
  return { child, exited, printed, out: () => stdout, err: () => stderr };
}

describe('spawnSelf: fork for TypeScript', () => {
  test('the child is this script again, gets exactly the descriptors handed to it, and its exit is seen', async () => {
    const s = startScript('spawn-self.mjs', `
const [mode] = process.argv.slice(2);
if (mode === '--child') {
  // fd 0: the pipe's read end; fd 3: the memfd. Reading to end of file proves no write end leaked in.
  const buf = Buffer.alloc(64); let text = '', n;
  while ((n = IPC.readBlocking(0, buf)) > 0) text += buf.subarray(0, n).toString();
  IPC.writeAll(3, text.toUpperCase());
  process.exit(7);
}
const [r, w] = IPC.pipe2(IPC.O_CLOEXEC);
const m = IPC.memfd_create('spawn-self', IPC.MFD_CLOEXEC);
const child = IPC.spawnSelf(['--child'], [r, 'inherit', 'inherit', m]);
const done = IPC.childExit(child);
IPC.close(r);
IPC.writeAll(w, 'hello child');
IPC.close(w);
const { code, signal } = await done;
// one open file: the child's write moved the shared offset, so read from 0 (pread)
const shared = Buffer.alloc(64); const n = (await import('node:fs')).readSync(m, shared, 0, 64, 0);
IPC.printOut(\`child \${child.pid > 0} exited \${code} \${signal} wrote \${shared.subarray(0, n)}\\n\`);
`);
    s.child.stdin.end();
    expect(await s.exited).toBe(0);
    expect(s.err()).toBe('');
    expect(s.out()).toBe('child true exited 7 null wrote HELLO CHILD\n');
  });

  test('childExit rejects when the program cannot be started, and reports a signal', async () => {
    const s = startScript('child-exit.mjs', `
import { spawn } from 'node:child_process';
try { await IPC.childExit(spawn('/nonexistent/program')); } catch (e) { IPC.printOut(\`error \${e.code}\\n\`); }
const c = spawn('sleep', ['5']); const done = IPC.childExit(c); c.kill('SIGTERM');
IPC.printOut(\`\${JSON.stringify(await done)}\\n\`);
`);
    s.child.stdin.end();
    expect(await s.exited).toBe(0);
    expect(s.out()).toBe('error ENOENT\n{"code":null,"signal":"SIGTERM"}\n');
  });
});

describe('signals and the event loop', () => {
  const handler = `process.on('SIGTERM', () => { IPC.printOut('handler\\n'); process.exit(0); });\n`;

  test('a SIGTERM handler runs while the program waits with readAsync', async () => {
    const s = startScript('signal-async.mjs', `${handler}
IPC.printOut('waiting\\n');
await IPC.readAsync(0, Buffer.alloc(16));
IPC.printOut('read returned\\n');
`);
    await s.printed('waiting\n');
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.out()).toBe('waiting\nhandler\n');
    s.child.stdin.destroy();
  });

  test('a SIGTERM handler does not run during a synchronous read: only once the read has returned', async () => {
    const s = startScript('signal-sync.mjs', `${handler}
IPC.printOut('waiting\\n');
IPC.readBlocking(0, Buffer.alloc(16));
IPC.printOut('read returned\\n');
setTimeout(() => {}, 5000);
`);
    await s.printed('waiting\n');
    s.child.kill('SIGTERM');
    // the signal is delivered at once (the process sleeps in read); its handler must wait for the loop
    await new Promise((r) => setTimeout(r, 300));
    expect(s.out()).toBe('waiting\n');
    s.child.stdin.write('x');
    expect(await s.exited).toBe(0);
    expect(s.out()).toBe('waiting\nread returned\nhandler\n');
  });
});
