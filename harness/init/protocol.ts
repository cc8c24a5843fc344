// Frames exchanged with ipclab-init (see ipclab-init.c): u32 length | u16 type | u16 0 | payload.
export const Command = {
  spawn: 1, stdin: 2, stdinClose: 3, signal: 4, release: 5, snapshot: 6, killAll: 7, quit: 8, hogs: 9, times: 12, signalPid: 13,
} as const;
export const Event = {
  ready: 1, spawned: 2, data: 3, exited: 4, orphan: 5, snapshot: 6, killed: 7, error: 8, execFail: 9, times: 12, trace: 14, traceError: 15,
} as const;

/** Stream targets for a process's stdout/stderr besides a stream id. */
export const DEV_NULL = -1;
export const BROKEN_PIPE = -2;
export const KEEP_UID = 0xffffffff;

export function frame(type: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt16LE(type, 4);
  return Buffer.concat([header, payload]);
}

export interface SpawnRequest {
  id: number;
  barrier: number;
  stdout: number;
  stderr: number;
  stdinFromPipe: boolean;
  /** Traced by strace from its exec on (the init's E_TRACE frames). */
  trace?: boolean;
  uid: number;
  gid: number;
  limits: { cpuSeconds: number; addressSpace: number; fileSize: number; openFiles: number; processes: number };
  /** CPUs the process may run on (bit i = CPU i); 0 = any. */
  cpuMask: bigint;
  cwd: string;
  argv: string[];
  env: Record<string, string>;
}

export function encodeSpawn(r: SpawnRequest): Buffer {
  const head = Buffer.alloc(4 * 7 + 8 * 6 + 8);
  let o = 0;
  for (const v of [r.id, r.barrier, r.stdout >>> 0, r.stderr >>> 0, (r.stdinFromPipe ? 0 : 1) | (r.trace ? 2 : 0), r.uid >>> 0, r.gid >>> 0]) {
    head.writeUInt32LE(v, o);
    o += 4;
  }
  const l = r.limits;
  for (const v of [l.cpuSeconds, l.addressSpace, l.fileSize, l.openFiles, l.processes]) {
    head.writeBigUInt64LE(BigInt(Math.max(0, Math.floor(v))), o);
    o += 8;
  }
  head.writeBigUInt64LE(r.cpuMask, o);
  o += 8;
  const envList = Object.entries(r.env).map(([k, v]) => `${k}=${v}`);
  head.writeUInt32LE(r.argv.length, o);
  head.writeUInt32LE(envList.length, o + 4);
  const strings = [r.cwd, ...r.argv, ...envList].map((s) => Buffer.from(`${s}\0`));
  return frame(Command.spawn, Buffer.concat([head, ...strings]));
}

/** Splits a byte stream into frames, copying each byte once however the stream is chunked. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly onFrame: (type: number, payload: Buffer) => void) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    for (;;) {
      if (this.size < 8) return;
      const head = this.chunks[0].length >= 8 ? this.chunks[0] : this.flatten();
      const len = head.readUInt32LE(0);
      if (this.size < 8 + len) return;
      const buf = this.chunks.length === 1 ? this.chunks[0] : this.flatten();
      this.onFrame(buf.readUInt16LE(4), buf.subarray(8, 8 + len));
      const rest = buf.subarray(8 + len);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
    }
  }
  private flatten(): Buffer {
    const all = Buffer.concat(this.chunks, this.size);
    this.chunks = [all];
    return all;
  }
}
