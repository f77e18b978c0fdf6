import { createHash, type Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/** A byte range of the file being downloaded; `done` is the end of what is on disk. */
export interface Part {
  start: number;
  /** Exclusive. */
  end: number;
  done: number;
}

export type HashKind = 'sha256' | 'git-sha1';

const READ_CHUNK = 4 << 20;

/**
 * Hashes a file in order while its parts arrive out of order: bytes that follow the cursor are
 * hashed from memory as they stream; bytes a later part wrote ahead are read back from the file
 * (the page cache) once everything before them is there. So the digest is ready when the last
 * byte lands, with no second pass over a finished file.
 */
export class OrderedHasher {
  private hash!: Hash;
  private cursor = 0;
  /** Bumped by reset(): a read-back in flight for the old content must not feed the new hash. */
  private generation = 0;
  private pumping: Promise<void> | null = null;
  private again = false;
  private failure: unknown;
  private readonly buffer = Buffer.allocUnsafe(READ_CHUNK);

  constructor(private readonly kind: HashKind, private readonly size: number, private readonly fd: FileHandle, private readonly parts: () => readonly Part[]) {
    this.reset();
  }

  reset(): void {
    this.hash = createHash(this.kind === 'sha256' ? 'sha256' : 'sha1');
    // A git blob id is the sha1 of "blob <size>\0" + content.
    if (this.kind === 'git-sha1') this.hash.update(`blob ${this.size}\0`);
    this.cursor = 0;
    this.generation++;
  }

  /** Bytes `[pos, pos + length)` are written; `chunks` are those bytes. */
  wrote(pos: number, chunks: readonly Buffer[], length: number): void {
    if (this.pumping === null && pos === this.cursor) {
      for (const c of chunks) this.hash.update(c);
      this.cursor += length;
    } else this.kick();
  }

  /** Catches up with what is on disk (a resumed file, or parts written ahead). */
  kick(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().catch((err: unknown) => {
      this.failure = err;
    }).finally(() => {
      this.pumping = null;
    });
  }

  async digest(): Promise<string> {
    while (this.pumping) await this.pumping;
    if (this.cursor < this.size) {
      this.kick();
      while (this.pumping) await this.pumping;
    }
    if (this.failure) throw this.failure;
    if (this.cursor !== this.size) throw new Error(`hashed ${this.cursor} of ${this.size} bytes`);
    return this.hash.digest('hex');
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      const generation = this.generation;
      const end = contiguousEnd(this.parts());
      while (this.cursor < end) {
        const at = this.cursor;
        const { bytesRead } = await this.fd.read(this.buffer, 0, Math.min(READ_CHUNK, end - at), at);
        if (generation !== this.generation) {
          this.again = true;
          break;
        }
        if (bytesRead === 0) throw new Error(`short read at ${at}`);
        this.hash.update(this.buffer.subarray(0, bytesRead));
        this.cursor = at + bytesRead;
      }
    } while (this.again);
  }
}

/** The end of the bytes present from the start of the file without a gap. */
export function contiguousEnd(parts: readonly Part[]): number {
  let end = 0;
  for (const p of [...parts].sort((a, b) => a.start - b.start)) {
    if (p.start > end) break;
    end = Math.max(end, p.done);
    if (p.done < p.end) break;
  }
  return end;
}
