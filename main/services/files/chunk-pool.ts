// Which pool lent each buffer; a buffer nobody gives back is simply collected with its entry.
const lenders = new WeakMap<Buffer, ChunkPool>();

/**
 * Read buffers of one size that go back to the stream that filled them once the last holder says
 * it is done with them, so a long upload cycles through a handful of buffers instead of allocating
 * one per chunk (a gigabyte of short-lived buffers costs the process dozens of full garbage
 * collections and tens of megabytes of memory waiting for them). Giving back is optional: a buffer
 * that is never given back is never reused.
 */
export class ChunkPool {
  private readonly free: Buffer[] = [];
  private closed = false;

  constructor(
    readonly chunkBytes: number,
    private readonly maxFree = 8,
  ) {}

  /** A buffer of `chunkBytes` to read into: one given back if there is one, else a new one. */
  take(): Buffer {
    // allocUnsafeSlow: a buffer of its own, never a slice of Node's shared pool.
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(this.chunkBytes);
    lenders.set(buffer, this);
    return buffer;
  }

  /** Drops the buffers kept for reuse; buffers given back later are left to the garbage collector. */
  close(): void {
    this.closed = true;
    this.free.length = 0;
  }

  /** Takes back a buffer it lent; called by `releaseChunk` only. */
  keep(buffer: Buffer): void {
    if (!this.closed && this.free.length < this.maxFree) this.free.push(buffer);
  }
}

/**
 * Says that nothing holds `chunk` any more (e.g. the socket finished writing it), so the pool that
 * lent it may read into it again. Buffers no pool lent are ignored. Calling this while anything
 * still holds the buffer would let later bytes overwrite it: only the last holder may call it.
 */
export function releaseChunk(chunk: Buffer): void {
  const pool = lenders.get(chunk);
  if (!pool) return;
  lenders.delete(chunk);
  pool.keep(chunk);
}
