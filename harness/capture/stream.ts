// Bounded, byte-exact capture: past the cap keep the head and the tail, and say how much was cut.
export interface CapturedStream {
  name: string;
  head: Buffer;
  tail: Buffer;
  totalBytes: number;
  truncated: boolean;
}

export class BoundedStream {
  private chunks: Buffer[] = [];
  private size = 0;
  private tailChunks: Buffer[] = [];
  private tailSize = 0;
  total = 0;
  /** Text seen so far (head only), for waits on output. */
  constructor(readonly name: string, private readonly limit: number) {}

  get exceeded(): boolean {
    return this.total > this.limit;
  }

  push(bytes: Buffer): void {
    this.total += bytes.length;
    const room = this.limit - this.size;
    if (room > 0) {
      const take = bytes.subarray(0, room);
      this.chunks.push(take);
      this.size += take.length;
      bytes = bytes.subarray(take.length);
    }
    if (bytes.length) {
      this.tailChunks.push(bytes);
      this.tailSize += bytes.length;
      const keep = Math.min(this.limit / 4, 64 * 1024);
      while (this.tailSize - this.tailChunks[0].length >= keep) this.tailSize -= this.tailChunks.shift()!.length;
    }
  }

  head(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  result(): CapturedStream {
    const tail = Buffer.concat(this.tailChunks);
    const keep = Math.min(this.limit / 4, 64 * 1024);
    return { name: this.name, head: this.head(), tail: tail.subarray(Math.max(0, tail.length - keep)), totalBytes: this.total, truncated: this.exceeded };
  }
}
