import type { FileHandle } from 'node:fs/promises';
import { AbstractTokenizer, EndOfStreamError } from 'strtok3';
import type { IRandomAccessFileInfo, IRandomAccessTokenizer, IReadChunkOptions } from 'strtok3';

// A header field can claim any length; past this a parser gives up instead of allocating it.
const maxTokenBytes = 16 * 1024 * 1024;
// Parsers read headers a few bytes at a time; each read of the descriptor is a trip to the thread
// pool, so small reads are served from the two most recent aligned blocks.
const blockBytes = 64 * 1024;

/** How much of the file a parser may read before it is stopped. */
export interface ReadBudget {
  reads: number;
  bytes: number;
}

/** Thrown when a parser needs more than its budget: the format would need a walk of the file. */
class ReadBudgetExceededError extends Error {
  constructor() {
    super('Reading stopped: the budget for this file was spent.');
    this.name = 'ReadBudgetExceededError';
  }
}

interface Block {
  start: number;
  bytes: Buffer;
}

/**
 * A random-access tokenizer over a descriptor it borrows: file-type and music-metadata read the
 * same open file as the rest of the check, and closing the tokenizer leaves the descriptor open.
 */
export class DescriptorTokenizer extends AbstractTokenizer implements IRandomAccessTokenizer {
  readonly fileInfo: IRandomAccessFileInfo;
  private reads = 0;
  private bytes = 0;
  private blocks: Block[] = [];

  constructor(
    private readonly handle: FileHandle,
    fileInfo: IRandomAccessFileInfo,
    private readonly budget: ReadBudget = { reads: Infinity, bytes: Infinity },
  ) {
    super({ maxBufferSize: maxTokenBytes });
    this.fileInfo = fileInfo;
  }

  /** Reads at the position and moves past what was read. */
  async readBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const normalized = this.normalizeOptions(target, options);
    const bytesRead = await this.readAt(target, normalized.length, normalized.position, normalized.mayBeLess ?? false);
    this.position = normalized.position + bytesRead;
    return bytesRead;
  }

  /** Reads at the position without moving. */
  async peekBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const normalized = this.normalizeOptions(target, options);
    return this.readAt(target, normalized.length, normalized.position, normalized.mayBeLess ?? false);
  }

  setPosition(position: number): void {
    this.validateLength(position, 'position');
    this.position = position;
  }

  supportsRandomAccess(): boolean {
    return true;
  }

  private async readAt(target: Uint8Array, length: number, position: number, mayBeLess: boolean): Promise<number> {
    const filled = length > blockBytes ? await this.readDirect(target, length, position) : await this.readCached(target, length, position);
    if (!mayBeLess && filled < length) throw new EndOfStreamError();
    return filled;
  }

  private async readDirect(target: Uint8Array, length: number, position: number): Promise<number> {
    let filled = 0;
    while (filled < length) {
      const bytesRead = await this.readDescriptor(target, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  }

  private async readCached(target: Uint8Array, length: number, position: number): Promise<number> {
    let filled = 0;
    while (filled < length) {
      const at = position + filled;
      const block = this.blocks.find((b) => at >= b.start && at < b.start + blockBytes) ?? (await this.loadBlock(at));
      const offset = at - block.start;
      if (offset >= block.bytes.length) break;
      const count = Math.min(length - filled, block.bytes.length - offset);
      target.set(block.bytes.subarray(offset, offset + count), filled);
      filled += count;
    }
    return filled;
  }

  private async loadBlock(at: number): Promise<Block> {
    const start = at - (at % blockBytes);
    const bytes = Buffer.allocUnsafe(blockBytes);
    const filled = await this.readDirect(bytes, blockBytes, start);
    const block = { start, bytes: bytes.subarray(0, filled) };
    this.blocks = [block, ...this.blocks.slice(0, 1)];
    return block;
  }

  private async readDescriptor(target: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    this.reads += 1;
    this.bytes += length;
    if (this.reads > this.budget.reads || this.bytes > this.budget.bytes) throw new ReadBudgetExceededError();
    const { bytesRead } = await this.handle.read(target, offset, length, position);
    return bytesRead;
  }
}
