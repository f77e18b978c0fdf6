import type uPlot from 'uplot';

/** Colours readable on both themes; the legend names each series. */
const COLOURS = { memory: '#3b82f6', utilisation: '#10b981', power: '#f59e0b', temperature: '#ef4444' };

export function chartOptions(width: number, height: number): uPlot.Options {
  const axisStroke = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#888';
  const grid = { stroke: 'rgba(128,128,128,0.2)', width: 1 };
  return {
    width,
    height,
    cursor: { drag: { x: false, y: false } },
    legend: { show: true, live: false },
    scales: { x: { time: true }, pct: { range: [0, 100] }, degC: { range: (_u, _min, max) => [0, Math.max(100, max ?? 0)] } },
    axes: [
      { stroke: axisStroke, grid, ticks: grid },
      { scale: 'pct', stroke: axisStroke, grid, ticks: grid, values: (_u, v) => v.map((x) => `${x}%`), size: 52 },
      { scale: 'degC', side: 1, stroke: axisStroke, grid: { show: false }, values: (_u, v) => v.map((x) => `${x}°`), size: 46 },
    ],
    series: [
      {},
      { label: 'memory %', scale: 'pct', stroke: COLOURS.memory, width: 1.5, spanGaps: false },
      { label: 'utilisation %', scale: 'pct', stroke: COLOURS.utilisation, width: 1.5 },
      { label: 'power %', scale: 'pct', stroke: COLOURS.power, width: 1.5 },
      { label: 'temperature °C', scale: 'degC', stroke: COLOURS.temperature, width: 1.5 },
    ],
  };
}
