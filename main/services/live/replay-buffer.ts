interface Chunk {
  /** Offset of the chunk's first byte in the recording's PCM. */
  start: number;
  bytes: Buffer;
}

/**
 * The recording's recent PCM, addressed by byte offset from the start of the recording, so that a
 * new connection can be fed again from where the last final text ended. Bounded: past `maxBytes`
 * the oldest chunks go.
 */
export class ReplayBuffer {
  private chunks: Chunk[] = [];
  private head = 0;
  private end = 0;

  constructor(private readonly maxBytes: number) {}

  /** Offset just past the last byte appended: the recording's length so far. */
  get endByte(): number {
    return this.end;
  }

  /** Offset of the oldest byte still held (equals `endByte` when empty). */
  get startByte(): number {
    return this.chunks[this.head]?.start ?? this.end;
  }

  /** Adds a frame; returns the byte range dropped to stay within the bound, if any. */
  append(bytes: Buffer): { from: number; to: number } | null {
    this.chunks.push({ start: this.end, bytes });
    this.end += bytes.length;
    const from = this.startByte;
    while (this.end - this.startByte > this.maxBytes && this.head < this.chunks.length - 1) this.head += 1;
    this.compact();
    const to = this.startByte;
    return to > from ? { from, to } : null;
  }

  /** Drops whole chunks that end at or before `offset`. */
  dropBefore(offset: number): void {
    for (;;) {
      const chunk = this.chunks[this.head];
      if (!chunk || chunk.start + chunk.bytes.length > offset || this.head >= this.chunks.length) break;
      this.head += 1;
    }
    this.compact();
  }

  /** The held bytes from `offset` to the end of the chunk holding it; null when nothing is held there. */
  from(offset: number): Buffer | null {
    let low = this.head;
    let high = this.chunks.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const chunk = this.chunks[mid];
      if (!chunk) return null;
      if (offset < chunk.start) high = mid - 1;
      else if (offset >= chunk.start + chunk.bytes.length) low = mid + 1;
      else return chunk.bytes.subarray(offset - chunk.start);
    }
    return null;
  }

  /** Forgets everything held (the stream failed or ended); the length is kept. */
  clear(): void {
    this.chunks = [];
    this.head = 0;
  }

  private compact(): void {
    // Shifting one by one would copy the array on every frame; dropping in batches keeps appends O(1).
    if (this.head > 256 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}
