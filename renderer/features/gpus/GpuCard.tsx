import { useAppStore } from '../../store/app-store';
import { selectGpu } from '../../store/gpus-slice';
import { percent } from '../../store/gpu-series';
import { formatBytes, formatPercent } from '../../ui/format';
import { GpuChart } from './GpuChart';

/** Badge colour thresholds: amber from 80 %, red from 95 % (80 °C / 90 °C for temperature). */
function level(value: number | null, warn: number, fail: number): string {
  if (value === null) return '';
  return value >= fail ? 'fail' : value >= warn ? 'warn' : 'ok';
}

export function GpuCard({ index }: { index: number }) {
  const gpu = useAppStore(selectGpu(index));
  if (!gpu) return null;
  const memPct = percent(gpu.memoryUsedBytes, gpu.memoryTotalBytes);
  const powerPct = percent(gpu.powerW, gpu.powerLimitW);
  return (
    <section className="card" aria-labelledby={`gpu-${index}-title`} data-testid={`gpu-card-${index}`}>
      <h2 id={`gpu-${index}-title`}>GPU {index} · {gpu.name}</h2>
      <div className="row" style={{ marginBottom: 6 }}>
        <span className={`badge ${level(memPct, 80, 95)}`} title={`${formatBytes(gpu.memoryUsedBytes)} of ${formatBytes(gpu.memoryTotalBytes)}`}>memory {formatPercent(memPct)}</span>
        <span className={`badge ${level(gpu.utilizationPct, 80, 95)}`}>utilisation {formatPercent(gpu.utilizationPct)}</span>
        <span className={`badge ${level(gpu.temperatureC, 80, 90)}`}>{gpu.temperatureC === null ? '— °C' : `${Math.round(gpu.temperatureC)} °C`}</span>
        <span className={`badge ${level(powerPct, 80, 95)}`}>{gpu.powerW === null ? '— W' : `${Math.round(gpu.powerW)} W`}{gpu.powerLimitW ? ` / ${Math.round(gpu.powerLimitW)} W` : ''}</span>
      </div>
      <GpuChart index={index} />
      <ProcessList index={index} />
    </section>
  );
}

function ProcessList({ index }: { index: number }) {
  const processes = useAppStore((s) => selectGpu(index)(s)?.processes);
  if (!processes || processes.length === 0) return <p className="muted">No compute process on this GPU.</p>;
  return (
    <table aria-label={`Processes on GPU ${index}`}>
      <thead><tr><th>Model</th><th>PID</th><th>Memory</th></tr></thead>
      <tbody>
        {processes.map((p) => (
          <tr key={p.pid}><td>{p.model ?? <span className="muted">{p.name ?? 'other process'}</span>}</td><td className="mono">{p.pid}</td><td>{formatBytes(p.usedBytes)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
