// Talks to one ipclab-init: one per test. Knows the protocol, nothing about tests.
// node:child_process, not execa: one init per test, and execa cost +3.6 ms of CPU per test
// (median of 6 interleaved rounds of 50 one-process tests: 14.1 → 17.7 ms, worse in every round)
// and ~200 ms of import at every grade (docs/architecture.md, "Child processes").
import { spawn, type ChildProcess } from 'node:child_process';
import { Command, Event, FrameReader, encodeSpawn, frame, type SpawnRequest } from '../init/protocol.js';
import { bytesText, decodeBytes } from '../init/codec.js';
import { interrupted, onStop } from '../interrupt.js';
import type { HarnessError } from './observation.js';

export interface InitHandlers {
  onData(stream: number, t: bigint, bytes: Buffer): void;
  onSpawned(id: number, pid: number, t: bigint): void;
  onExited(id: number, pid: number, status: number, t: bigint, cpuMicros: number): void;
  onExecFailed(id: number, stage: 'chdir' | 'setuid' | 'exec', errno: number): void;
  onOrphan(pid: number, status: number, t: bigint, comm: string): void;
  /** strace's text for a traced process; `offsetNs` turns its realtime stamps into CLOCK_MONOTONIC. */
  onTrace(id: number, offsetNs: bigint, text: Buffer): void;
  /** A traced process could not be traced (it runs on untraced). */
  onTraceError(id: number, why: string): void;
  onError(error: HarnessError): void;
}

/** The init's snapshot flags (its do_snapshot): deep records, the work folder only, threads. */
export const SnapshotFlag = { deep: 1, work: 2, threads: 4 } as const;
export interface SnapshotWhat { deep?: boolean; threads?: boolean }

/** All the init and sudo need: PATH, to find sudo (the init execs by the path it is given). */
const INIT_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

export class InitClient {
  private child!: ChildProcess;
  private reader: FrameReader;
  private snapshots = new Map<number, (text: string) => void>();
  private timesWaiters = new Map<number, (text: string) => void>();
  private nextSnapshot = 1;
  private killedWaiters: Array<() => void> = [];
  private readyResolve!: (info: string) => void;
  private readyReject!: (err: Error) => void;
  private stderr = '';
  closed = false;
  readonly ready: Promise<string>;
  private closedPromise!: Promise<void>;

  constructor(private readonly handlers: InitHandlers) {
    this.reader = new FrameReader((type, payload) => this.onFrame(type, payload));
    this.ready = new Promise((res, rej) => {
      this.readyResolve = res;
      this.readyReject = rej;
    });
  }

  start(command: string[]): void {
    if (interrupted()) throw new Error('ipclab is stopping: no new test starts');
    // a process group of its own: a Ctrl-C reaches ipclab only, which then ends the init's tree
    // ipclab's own environment stays out: every process gets its env in its spawn request, and
    // the init (PID 1 of the test, readable in userns mode) must not hold GITHUB_OUTPUT or tokens
    this.child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: INIT_ENV });
    // on a signal to ipclab: close the channel, which makes the init kill and reap everything
    const forget = onStop(() => this.abandon());
    this.child.stdout!.on('data', (chunk: Buffer) => this.reader.push(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += chunk.toString();
    });
    this.child.stdin!.on('error', () => {}); // EPIPE after the init died: reported through 'close'
    this.closedPromise = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        this.closed = true;
        forget();
        this.readyReject(new Error(`process supervisor exited (${signal ?? code}) before it was ready: ${this.stderr.trim()}`));
        for (const [, cb] of this.snapshots) cb('');
        this.snapshots.clear();
        for (const [, cb] of this.timesWaiters) cb('');
        this.timesWaiters.clear();
        for (const w of this.killedWaiters.splice(0)) w();
        resolve();
      });
      this.child.on('error', (err) => {
        forget();
        this.readyReject(err);
        this.handlers.onError({ code: 'init-start', message: err.message });
      });
    });
  }

  private onFrame(type: number, p: Buffer): void {
    switch (type) {
      case Event.ready:
        this.readyResolve(p.toString());
        break;
      case Event.spawned:
        this.handlers.onSpawned(p.readUInt32LE(0), p.readInt32LE(4), p.readBigUInt64LE(8));
        break;
      case Event.data:
        this.handlers.onData(p.readUInt32LE(0), p.readBigUInt64LE(4), Buffer.from(p.subarray(12)));
        break;
      case Event.exited:
        this.handlers.onExited(p.readUInt32LE(0), p.readInt32LE(4), p.readInt32LE(8), p.readBigUInt64LE(12),
          Number(p.readBigUInt64LE(20) + p.readBigUInt64LE(28)));
        break;
      case Event.execFail: {
        const stage = String.fromCharCode(p[4]);
        this.handlers.onExecFailed(p.readUInt32LE(0), stage === 'C' ? 'chdir' : stage === 'U' ? 'setuid' : 'exec', p.readInt32LE(5));
        break;
      }
      case Event.orphan:
        this.handlers.onOrphan(p.readInt32LE(0), p.readInt32LE(4), p.readBigUInt64LE(8), eventText(p.subarray(16)));
        break;
      case Event.snapshot: {
        const id = p.readUInt32LE(0);
        const cb = this.snapshots.get(id);
        this.snapshots.delete(id);
        cb?.(p.subarray(4).toString('latin1')); // records are ASCII; anything else fails their parse
        break;
      }
      case Event.times: {
        const id = p.readUInt32LE(0);
        const cb = this.timesWaiters.get(id);
        this.timesWaiters.delete(id);
        cb?.(p.subarray(4).toString('latin1'));
        break;
      }
      case Event.killed:
        for (const w of this.killedWaiters.splice(0)) w();
        break;
      case Event.error:
        this.handlers.onError({ code: 'init', message: eventText(p) });
        break;
      case Event.trace:
        this.handlers.onTrace(p.readUInt32LE(0), p.readBigInt64LE(4), Buffer.from(p.subarray(12)));
        break;
      case Event.traceError:
        this.handlers.onTraceError(p.readUInt32LE(0), eventText(p.subarray(4)));
        break;
    }
  }

  private send(buf: Buffer): void {
    if (!this.closed) this.child.stdin!.write(buf);
  }

  spawn(req: SpawnRequest): void {
    this.send(encodeSpawn(req));
  }

  writeStdin(id: number, bytes: Buffer): void {
    const max = 1 << 20;
    for (let off = 0; off < bytes.length; off += max) {
      const part = bytes.subarray(off, off + max);
      const head = Buffer.alloc(4);
      head.writeUInt32LE(id, 0);
      this.send(frame(Command.stdin, Buffer.concat([head, part])));
    }
  }

  closeStdin(id: number): void {
    this.send(frame(Command.stdinClose, u32(id)));
  }

  signal(id: number, signo: number, group: boolean): void {
    this.send(frame(Command.signal, Buffer.concat([u32(id), u32(signo), u32(group ? 1 : 0)])));
  }

  /** A signal to a process the test did not start (found by a snapshot); the init sends it only to one of its descendants. */
  signalPid(pid: number, signo: number): void {
    this.send(frame(Command.signalPid, Buffer.concat([u32(pid), u32(signo)])));
  }

  /** Busy processes pinned to these CPUs, for scheduling pressure; the init never reports them. */
  hogs(cpuMask: bigint, count: number): void {
    const b = Buffer.alloc(12);
    b.writeBigUInt64LE(cpuMask, 0);
    b.writeUInt32LE(count, 8);
    this.send(frame(Command.hogs, b));
  }

  release(barrier: number): void {
    this.send(frame(Command.release, u32(barrier)));
  }

  /**
   * Raw snapshot text (see harness/observe/snapshot.ts). `true` (deep) adds each process's open
   * descriptors, mappings, threads and io counters, and the test's stream pipes; `{ threads: true }`
   * adds only the threads (`task` records: a blocked-wait on a worker thread, cheaper than deep).
   */
  snapshot(what: boolean | SnapshotWhat = false): Promise<string> {
    const w = typeof what === 'boolean' ? { deep: what } : what;
    return this.request((w.deep ? SnapshotFlag.deep : 0) | (w.threads ? SnapshotFlag.threads : 0));
  }

  private request(flags: number): Promise<string> {
    if (this.closed) return Promise.resolve('');
    const id = this.nextSnapshot++;
    return new Promise((resolve) => {
      this.snapshots.set(id, resolve);
      this.send(frame(Command.snapshot, Buffer.concat([u32(id), u32(flags)])));
    });
  }

  /** Raw times text (see harness/observe/times.ts): CPU and run-queue delay of each process. */
  times(): Promise<string> {
    if (this.closed) return Promise.resolve('');
    const id = this.nextSnapshot++;
    return new Promise((resolve) => {
      this.timesWaiters.set(id, resolve);
      this.send(frame(Command.times, u32(id)));
    });
  }

  /** Snapshot records of the work folder's top level only (`work` records), listed from inside. */
  workListing(): Promise<string> {
    return this.request(SnapshotFlag.work);
  }

  /** SIGTERM everything, wait up to graceMs, then SIGKILL and reap. */
  killAll(graceMs: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.killedWaiters.push(resolve);
      this.send(frame(Command.killAll, u32(graceMs)));
    });
  }

  /** The grader is going away: the init ends every process it has, then exits (SIGKILL if not). */
  private async abandon(): Promise<void> {
    if (this.closed) return;
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.closedPromise;
    clearTimeout(timer);
  }

  async quit(): Promise<void> {
    if (!this.closed) {
      this.send(frame(Command.quit, Buffer.alloc(0)));
      this.child.stdin!.end();
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.closedPromise;
    clearTimeout(timer);
  }
}

/** The text of an orphan or error event: one field of the init's codec. */
function eventText(p: Buffer): string {
  const bytes = decodeBytes(p.toString('latin1'));
  return bytes ? bytesText(bytes) : `(undecodable: ${p.length} bytes)`;
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0, 0);
  return b;
}
