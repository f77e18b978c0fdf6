import { describe, expect, it } from 'vitest';
import type { GpuInfo, GpusResponse } from '../../../gateway/contract/gpus';
import { createAppStore } from '../../../renderer/store/app-store';
import { SERIES_CAPACITY, percent } from '../../../renderer/store/gpu-series';

const GiB = 1024 ** 3;
const gpu = (index: number, patch: Partial<GpuInfo> = {}): GpuInfo => ({
  index, uuid: `GPU-${index}`, name: 'NVIDIA H200', pciBusId: null, memoryUsedBytes: 35 * GiB, memoryTotalBytes: 140 * GiB,
  utilizationPct: 50, temperatureC: 40, powerW: 175, powerLimitW: 700, processes: [], ...patch,
});

describe('gpus slice', () => {
  it('computes the guide\'s percentages in the UI, and null where the driver reports nothing', () => {
    expect(percent(35, 140)).toBe(25);
    expect(percent(null, 140)).toBeNull();
    expect(percent(5, 0)).toBeNull();
    const store = createAppStore();
    store.getState().addGpuSample(1_000_000, [gpu(0), gpu(1, { powerW: null, memoryTotalBytes: null })]);
    const s = store.getState().gpus.series;
    expect(s[0]).toMatchObject({ t: [1000], memoryPct: [25], utilizationPct: [50], powerPct: [25], temperatureC: [40] });
    expect(s[1]).toMatchObject({ memoryPct: [null], powerPct: [null] });
  });

  it('builds the series from history, then appends live samples and bumps the version', () => {
    const store = createAppStore();
    const snapshot: GpusResponse = {
      gpus: [gpu(0)],
      history: [{ index: 0, uuid: 'GPU-0', t: [1000, 2000], memoryUsedBytes: [14 * GiB, 28 * GiB], utilizationPct: [1, 2], temperatureC: [30, 31], powerW: [70, null] }],
      host: null,
      monitor: { state: 'running', message: 'ok', lastSampleAt: null, restarts: 0 },
    };
    store.getState().setGpusSnapshot(snapshot);
    const v = store.getState().gpus.seriesVersion;
    expect(store.getState().gpus.series[0]!.memoryPct).toEqual([10, 20]);
    expect(store.getState().gpus.series[0]!.powerPct).toEqual([10, null]);
    store.getState().addGpuSample(3000, [gpu(0)]);
    store.getState().addGpuSample(3000, [gpu(0)]); // the same sample twice is kept once
    expect(store.getState().gpus.series[0]!.t).toEqual([1, 2, 3]);
    expect(store.getState().gpus.seriesVersion).toBe(v + 2);
  });

  it('keeps at most an hour of points per GPU', () => {
    const store = createAppStore();
    for (let i = 1; i <= SERIES_CAPACITY + 120; i++) store.getState().addGpuSample(i * 1000, [gpu(0)]);
    const t = store.getState().gpus.series[0]!.t;
    expect(t.length).toBeLessThanOrEqual(SERIES_CAPACITY + 60);
    expect(t.at(-1)).toBe(SERIES_CAPACITY + 120);
  });
});
