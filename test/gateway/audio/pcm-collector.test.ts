import { describe, expect, it } from 'vitest';
import { PcmCollector } from '../../../gateway/audio/pcm-collector';

function bytesOf(values: number[]): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

describe('PcmCollector', () => {
  it('reassembles samples split across chunks, past its estimate', () => {
    const c = new PcmCollector(8, 1 << 20);
    const all = bytesOf(Array.from({ length: 40_000 }, (_, i) => i / 40_000));
    for (let at = 0; at < all.length; at += 4097) expect(c.push(all.subarray(at, at + 4097))).toBe(true);
    const samples = c.samples();
    expect(samples.length).toBe(40_000);
    expect(samples[12_345]).toBeCloseTo(12_345 / 40_000, 6);
  });

  it('refuses a chunk that would pass the limit, keeping what came before', () => {
    const c = new PcmCollector(1 << 20, 16);
    expect(c.push(bytesOf([1, 2, 3]))).toBe(true);
    expect(c.push(bytesOf([4, 5]))).toBe(false);
    expect(Array.from(c.samples())).toEqual([1, 2, 3]);
  });
});
