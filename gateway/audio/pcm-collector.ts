/**
 * Collects a float32 byte stream (ffmpeg's f32le output) straight into one Float32Array, sized from
 * a duration estimate so the usual decode makes no second copy; past the estimate it grows (×1.5,
 * never beyond `maxBytes`). Chunk boundaries may split a sample: bytes are copied as they come.
 */
export class PcmCollector {
  private bytes: Uint8Array;
  private length = 0;

  constructor(estimateBytes: number, private readonly maxBytes: number) {
    // The estimate comes from a header, which may lie: it never reserves more than 1 GiB up front.
    this.bytes = new Uint8Array(Math.min(maxBytes, 1 << 30, Math.max(1 << 16, roundUp4(estimateBytes))));
  }

  get byteLength(): number {
    return this.length;
  }

  /** Appends a chunk; false (nothing kept) when it would pass `maxBytes`. */
  push(chunk: Uint8Array): boolean {
    const needed = this.length + chunk.length;
    if (needed > this.maxBytes) return false;
    if (needed > this.bytes.length) this.grow(needed);
    this.bytes.set(chunk, this.length);
    this.length = needed;
    return true;
  }

  /** The samples received (a view: the spare capacity of a good estimate is small). */
  samples(): Float32Array {
    return new Float32Array(this.bytes.buffer, 0, Math.floor(this.length / 4));
  }

  private grow(needed: number): void {
    const bigger = new Uint8Array(Math.min(this.maxBytes, roundUp4(Math.max(needed, this.bytes.length * 1.5))));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }
}

function roundUp4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
