// The reference programs, compiled the way a TypeScript submission is (one .js per program, `ipclab/ipc`
// resolving to the compiled bindings, an executable wrapper per program) and run for real.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as ipc from '../../lib/ipc/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir = '';
let bin = '';

function transpile(from: string, to: string): void {
  const out = ts.transpileModule(fs.readFileSync(from, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    fileName: from,
  });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, out.outputText);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipclab-ref-'));
  bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const pkg = path.join(dir, 'node_modules', 'ipclab');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'ipclab', type: 'module', exports: { './ipc': './ipc/index.js' } }));
  const bindings = path.join(root, 'lib/ipc');
  for (const f of fs.readdirSync(bindings).filter((n) => n.endsWith('.ts'))) transpile(path.join(bindings, f), path.join(pkg, 'ipc', f.replace(/\.ts$/, '.js')));
  fs.symlinkSync(path.join(root, 'node_modules/koffi'), path.join(dir, 'node_modules', 'koffi'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  for (const [exercise, program] of [
    ['pipe-copy', 'pipe_copy'],
    ['msgq-ping-pong', 'msg_server'],
    ['msgq-ping-pong', 'msg_client'],
  ] as const) {
    const js = path.join(dir, exercise, `${program}.js`);
    transpile(path.join(root, 'reference', exercise, `${program}.ts`), js);
    fs.writeFileSync(path.join(bin, program), `#!/bin/sh\nexec "${process.execPath}" "${js}" "$@"\n`, { mode: 0o755 });
  }
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) {
    if (p.exitCode === null && p.signalCode === null) {
      p.kill('SIGCONT');
      p.kill('SIGKILL');
    }
  }
});

function start(program: string, args: string[]): ChildProcess {
  const p = spawn(path.join(bin, program), args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  started.push(p);
  return p;
}

function finish(p: ChildProcess, input?: Buffer | string): Promise<Result> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  p.stdout!.on('data', (d: Buffer | string) => out.push(Buffer.isBuffer(d) ? d : Buffer.from(d)));
  p.stderr!.on('data', (d: Buffer) => err.push(d));
  p.stdin!.on('error', () => {}); // a program that exits without reading its input
  if (input !== undefined) p.stdin!.end(input);
  else p.stdin!.end();
  return new Promise((resolve) => {
    p.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }),
    );
  });
}

function run(program: string, args: string[], input?: Buffer | string): Promise<Result> {
  return finish(start(program, args), input);
}

/** Resolves with the first line of `p`'s stdout that satisfies `pred`; later data stays readable. */
function lines(p: ChildProcess): { next: (timeoutMs?: number) => Promise<string>; all: string[] } {
  const all: string[] = [];
  const waiting: Array<(l: string) => void> = [];
  let partial = '';
  let taken = 0;
  p.stdout!.setEncoding('utf8');
  p.stdout!.on('data', (d: string) => {
    partial += d;
    let i;
    while ((i = partial.indexOf('\n')) !== -1) {
      all.push(partial.slice(0, i));
      partial = partial.slice(i + 1);
    }
    while (waiting.length > 0 && taken < all.length) waiting.shift()!(all[taken++]!);
  });
  return {
    all,
    next: (timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (taken < all.length) return resolve(all[taken++]!);
        const t = setTimeout(() => reject(new Error(`no line within ${timeoutMs} ms; had ${JSON.stringify(all)}`)), timeoutMs);
        waiting.push((l) => {
          clearTimeout(t);
          resolve(l);
        });
      }),
  };
}

function exited(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve({ code: p.exitCode, signal: p.signalCode });
  return new Promise((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
}

async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The state letter of /proc/<pid>/stat (R, S, T, Z, ...). */
function processState(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

let keyCounter = 0;
function uniqueKey(): number {
  keyCounter += 1;
  return (0x1e00_0000 | ((process.pid & 0x3_ffff) << 6) | keyCounter) | 0;
}

/** The queue id for `key`, or undefined when there is none. */
function queueOf(key: number): number | undefined {
  try {
    return ipc.msgget(key, 0);
  } catch (e) {
    if (e instanceof ipc.IpcError && e.errno === ipc.ENOENT) return undefined;
    throw e;
  }
}

function removeQueue(key: number): void {
  const q = queueOf(key);
  if (q !== undefined) ipc.msgctl(q, ipc.IPC_RMID);
}

describe('pipe_copy', () => {
  test('a short line', async () => {
    const r = await run('pipe_copy', [], 'hello, pipe\n');
    expect([r.code, r.stdout.toString(), r.stderr]).toEqual([0, 'hello, pipe\n', '']);
  });

  test('empty input: empty output, exit 0', async () => {
    const r = await run('pipe_copy', []);
    expect([r.code, r.stdout.length, r.stderr]).toEqual([0, 0, '']);
  });

  test('4 MiB of random bytes, byte for byte', async () => {
    const data = randomBytes(4 << 20);
    const r = await run('pipe_copy', [], data);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(data.length);
    expect(r.stdout.equals(data)).toBe(true);
  });

  test('the child fails (stdout has no reader): the parent exits 1 after it', async () => {
    const p = start('pipe_copy', []);
    p.stdout!.destroy();
    const r = await finish(p, randomBytes(1 << 20));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^write: Broken pipe$/m);
  });

  test('wrong usage', async () => {
    const r = await run('pipe_copy', ['extra']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: /);
  });
});

describe('msg_server and msg_client', () => {
  test('one client', async () => {
    const key = uniqueKey();
    try {
      const server = start('msg_server', [String(key >>> 0), '1']);
      const out = lines(server);
      const done = finish(server);
      expect(await out.next()).toBe('ready');
      const c = await run('msg_client', [`0x${(key >>> 0).toString(16)}`, 'hello there']);
      expect([c.code, c.stdout.toString(), c.stderr]).toEqual([0, 'I received: hello there\n', '']);
      const s = await done;
      expect([s.code, s.stderr]).toEqual([0, '']);
      expect(out.all).toEqual(['ready', `server: ${started[1]!.pid} hello there`]);
      expect(queueOf(key)).toBeUndefined();
    } finally {
      removeQueue(key);
    }
  });

  test('ten clients at once each get their own text back', async () => {
    const key = uniqueKey();
    try {
      const server = start('msg_server', [String(key >>> 0), '10']);
      const out = lines(server);
      const done = finish(server);
      expect(await out.next()).toBe('ready');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => run('msg_client', [String(key >>> 0), `text number ${i}`])),
      );
      results.forEach((r, i) => expect([r.code, r.stdout.toString()]).toEqual([0, `I received: text number ${i}\n`]));
      expect((await done).code).toBe(0);
      expect(out.all.filter((l) => l.startsWith('server: ')).length).toBe(10);
      expect(queueOf(key)).toBeUndefined();
    } finally {
      removeQueue(key);
    }
  });

  test('a late client still gets its reply: the queue is removed only once it is empty', async () => {
    const key = uniqueKey();
    try {
      const server = start('msg_server', [String(key >>> 0), '1']);
      const out = lines(server);
      const serverDone = finish(server);
      expect(await out.next()).toBe('ready');
      server.kill('SIGSTOP');

      const client = start('msg_client', [String(key >>> 0), 'late one']);
      const clientDone = finish(client);
      const q = queueOf(key)!;
      await until('the request in the queue and the client in msgrcv', () => {
        const wchan = fs.readFileSync(`/proc/${client.pid}/wchan`, 'utf8');
        return ipc.msgctl(q, ipc.IPC_STAT).msg_qnum === 1 && wchan === 'do_msgrcv';
      });
      client.kill('SIGSTOP');
      // SIGSTOP takes effect asynchronously: until the client has really stopped it is still a waiting
      // receiver, and msgsnd would hand it the reply directly (a pipelined send, never queued).
      await until('the client stopped', () => processState(client.pid!) === 'T');
      server.kill('SIGCONT');
      expect(await out.next()).toBe(`server: ${client.pid} late one`);
      await new Promise((r) => setTimeout(r, 500));
      expect(ipc.msgctl(q, ipc.IPC_STAT).msg_qnum).toBe(1); // the reply waits; the queue is still there
      expect(server.exitCode).toBeNull();
      client.kill('SIGCONT');

      const c = await clientDone;
      expect([c.code, c.stdout.toString(), c.stderr]).toEqual([0, 'I received: late one\n', '']);
      expect((await serverDone).code).toBe(0);
      expect(queueOf(key)).toBeUndefined();
    } finally {
      removeQueue(key);
    }
  });

  test('a client with no server: msgget error, exit 1', async () => {
    const key = uniqueKey();
    const r = await run('msg_client', [String(key >>> 0), 'anyone?']);
    expect([r.code, r.stdout.toString(), r.stderr]).toEqual([1, '', 'msgget: No such file or directory\n']);
  });

  test.each([
    ['msg_server', []],
    ['msg_server', ['123']],
    ['msg_server', ['0', '1']],
    ['msg_server', ['4294967296', '1']],
    ['msg_server', ['123', 'x']],
    ['msg_server', ['123', '0']],
    ['msg_client', ['123']],
    ['msg_client', ['abc', 'text']],
    ['msg_client', ['123', 'a', 'b']],
  ])('%s %j is wrong usage', async (program, args) => {
    const r = await run(program, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: /);
  });
});
