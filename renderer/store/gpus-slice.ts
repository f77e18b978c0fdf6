import type { StateCreator } from 'zustand';
import type { GpuHistory, GpuInfo, GpusResponse } from '../../gateway/contract/gpus';
import type { ErrorObject } from '../../gateway/contract/errors';
import { appendSample, emptySeries, type GpuSeries } from './gpu-series';
import type { AppState } from './app-store';

export type ChartWindowMinutes = 1 | 5 | 15 | 60;

export interface GpusSlice {
  gpus: {
    state: 'idle' | 'loading' | 'ready' | 'not-offered' | 'error';
    list: GpuInfo[];
    host: GpusResponse['host'];
    monitor: GpusResponse['monitor'] | null;
    /** Chart columns per GPU index; mutated in place, see gpu-series.ts. */
    series: Record<number, GpuSeries>;
    /** Bumped at every sample, so charts redraw without React re-rendering the page. */
    seriesVersion: number;
    windowMinutes: ChartWindowMinutes;
    error: ErrorObject | null;
  };
  setGpusSnapshot: (r: GpusResponse) => void;
  addGpuSample: (timeMs: number, gpus: GpuInfo[]) => void;
  setGpusStatus: (state: GpusSlice['gpus']['state'], error?: ErrorObject | null) => void;
  setChartWindow: (minutes: ChartWindowMinutes) => void;
}

export const createGpusSlice: StateCreator<AppState, [], [], GpusSlice> = (set, get) => ({
  gpus: { state: 'idle', list: [], host: null, monitor: null, series: {}, seriesVersion: 0, windowMinutes: 5, error: null },
  setGpusSnapshot: (r) => set((s) => ({
    gpus: { ...s.gpus, state: 'ready', list: r.gpus, host: r.host, monitor: r.monitor, series: seriesFromHistory(r.history, r.gpus), seriesVersion: s.gpus.seriesVersion + 1, error: null },
  })),
  addGpuSample: (timeMs, list) => {
    const { series } = get().gpus;
    for (const g of list) appendSample(series[g.index] ??= emptySeries(), timeMs / 1000, g);
    set((s) => ({ gpus: { ...s.gpus, list, seriesVersion: s.gpus.seriesVersion + 1 } }));
  },
  setGpusStatus: (state, error = null) => set((s) => ({ gpus: { ...s.gpus, state, error } })),
  setChartWindow: (windowMinutes) => set((s) => ({ gpus: { ...s.gpus, windowMinutes } })),
});

/** Builds the columns from the gateway's history; limits come from the current snapshot. */
export function seriesFromHistory(history: GpuHistory[], gpus: GpuInfo[]): Record<number, GpuSeries> {
  const out: Record<number, GpuSeries> = {};
  for (const h of history) {
    const gpu = gpus.find((g) => g.index === h.index);
    const series = emptySeries();
    h.t.forEach((t, i) => appendSample(series, t / 1000, {
      memoryUsedBytes: h.memoryUsedBytes[i] ?? null,
      memoryTotalBytes: gpu?.memoryTotalBytes ?? null,
      utilizationPct: h.utilizationPct[i] ?? null,
      powerW: h.powerW[i] ?? null,
      powerLimitW: gpu?.powerLimitW ?? null,
      temperatureC: h.temperatureC[i] ?? null,
    }));
    out[h.index] = series;
  }
  return out;
}

export const selectGpu = (index: number) => (s: AppState): GpuInfo | undefined => s.gpus.list.find((g) => g.index === index);
export const selectGpuIndexes = (s: AppState): string => s.gpus.list.map((g) => g.index).join(',');
