import { describe, expect, it } from 'vitest';
import { HISTORY_CAPACITY, SampleRing } from '../../../gateway/gpu/sample-ring';
import type { GpuReading } from '../../../gateway/gpu/parse-nvidia-smi';

const reading = (n: number, over: Partial<GpuReading> = {}): GpuReading => ({
  index: 0, uuid: 'GPU-a', name: 'NVIDIA H200', pciBusId: null,
  memoryUsedBytes: n * 1024, memoryTotalBytes: 1e11, utilizationPct: n % 100, temperatureC: 30, powerW: 74.31, powerLimitW: 700, ...over,
});

describe('GPU history ring', () => {
  it('keeps an hour at 1 Hz and drops the oldest points', () => {
    const ring = new SampleRing('GPU-a');
    const t0 = 1_000_000;
    for (let s = 0; s < HISTORY_CAPACITY + 100; s++) ring.add(t0 + s * 1000, reading(s));
    expect(ring.length).toBe(3600);
    const now = t0 + (HISTORY_CAPACITY + 99) * 1000;
    const h = ring.window(0, 3600, now);
    expect(h.t).toHaveLength(3600);
    expect(h.t[0]).toBe(t0 + 100 * 1000);
    expect(h.memoryUsedBytes.at(-1)).toBe((HISTORY_CAPACITY + 99) * 1024);
    expect(h.powerW[0]).toBe(74.31);
  });

  it('returns only the requested window, oldest first', () => {
    const ring = new SampleRing('GPU-a');
    for (let s = 0; s < 100; s++) ring.add(s * 1000, reading(s));
    const h = ring.window(3, 10, 99_000);
    expect(h.index).toBe(3);
    expect(h.t).toEqual([90, 91, 92, 93, 94, 95, 96, 97, 98, 99].map((s) => s * 1000));
  });

  it('stores about one point a second when GPU_POLL_MS is shorter', () => {
    const ring = new SampleRing('GPU-a');
    for (let ms = 0; ms < 10_000; ms += 250) ring.add(ms, reading(ms));
    expect(ring.length).toBe(10);
  });

  it('gives null back for fields the driver did not report', () => {
    const ring = new SampleRing('GPU-a');
    ring.add(1000, reading(1, { utilizationPct: null, powerW: null }));
    const h = ring.window(0, 60, 1000);
    expect(h.utilizationPct).toEqual([null]);
    expect(h.powerW).toEqual([null]);
    expect(h.temperatureC).toEqual([30]);
  });
});
