/**
 * One GPU's chart columns, in uPlot's layout: t in epoch seconds, then memory %, utilisation %,
 * power % of the limit and temperature °C; null where the driver did not report the field.
 * The percentages are computed here, in the UI, as the guide says (GPUMonitor sends raw figures).
 */
export interface GpuSeries {
  t: number[];
  memoryPct: (number | null)[];
  utilizationPct: (number | null)[];
  powerPct: (number | null)[];
  temperatureC: (number | null)[];
}

/** An hour at one sample a second: the longest chart window. */
export const SERIES_CAPACITY = 3600;

export interface GpuReading {
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  utilizationPct: number | null;
  powerW: number | null;
  powerLimitW: number | null;
  temperatureC: number | null;
}

export function percent(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole <= 0) return null;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}

export function emptySeries(): GpuSeries {
  return { t: [], memoryPct: [], utilizationPct: [], powerPct: [], temperatureC: [] };
}

/**
 * Appends one sample in place. NOTE: the columns are mutated rather than copied (8 GPUs × 3600
 * points at 1 Hz); the slice bumps a version number so subscribers know to redraw.
 */
export function appendSample(series: GpuSeries, timeSeconds: number, r: GpuReading): void {
  const last = series.t.at(-1);
  if (last !== undefined && timeSeconds <= last) return;
  series.t.push(timeSeconds);
  series.memoryPct.push(percent(r.memoryUsedBytes, r.memoryTotalBytes));
  series.utilizationPct.push(r.utilizationPct);
  series.powerPct.push(percent(r.powerW, r.powerLimitW));
  series.temperatureC.push(r.temperatureC);
  // Trim in batches so the shift cost is paid once a minute, not at every sample.
  if (series.t.length > SERIES_CAPACITY + 60) {
    const drop = series.t.length - SERIES_CAPACITY;
    for (const column of Object.values(series) as unknown[][]) column.splice(0, drop);
  }
}
