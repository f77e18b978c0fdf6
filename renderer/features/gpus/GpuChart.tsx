import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useAppStore } from '../../store/app-store';
import type { AppState } from '../../store/app-store';
import { chartOptions } from './chart-options';

const HEIGHT = 150;

/**
 * The four series of one GPU in one uPlot chart. It redraws from a store subscription, not from
 * React state: a sample at 1 Hz costs one setData per chart and no React render of the page.
 */
export function GpuChart({ index }: { index: number }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const plot = new uPlot(chartOptions(Math.max(200, el.clientWidth), HEIGHT), emptyData(), el);
    const draw = (s: AppState) => {
      const series = s.gpus.series[index];
      if (!series) return;
      const max = series.t.at(-1) ?? Date.now() / 1000;
      plot.batch(() => {
        plot.setData([series.t, series.memoryPct, series.utilizationPct, series.powerPct, series.temperatureC] as uPlot.AlignedData, false);
        plot.setScale('x', { min: max - s.gpus.windowMinutes * 60, max });
      });
    };
    draw(useAppStore.getState());
    const unsubscribe = useAppStore.subscribe((s, prev) => {
      if (s.gpus.seriesVersion !== prev.gpus.seriesVersion || s.gpus.windowMinutes !== prev.gpus.windowMinutes) draw(s);
    });
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      unsubscribe();
      resize.disconnect();
      plot.destroy();
    };
  }, [index]);
  return <div ref={host} role="img" aria-label={`Chart of GPU ${index}: memory, utilisation and power in percent, temperature in °C`} data-testid={`gpu-chart-${index}`} />;
}

function emptyData(): uPlot.AlignedData {
  return [[], [], [], [], []];
}
