import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../store/app-store';
import type { ChartWindowMinutes } from '../../store/gpus-slice';
import { ErrorNotice, NotOffered } from '../../ui/ErrorNotice';
import { GpuCard } from './GpuCard';
import { HostCard } from './HostCard';
import { refreshGpus } from './gpus-actions';

const WINDOWS: ChartWindowMinutes[] = [1, 5, 15, 60];

/** A card per GPU with the guide's badges and a live chart; the host's CPU, memory and disk. */
export default function GpusPage() {
  useEffect(() => {
    void refreshGpus();
  }, []);
  const state = useAppStore((s) => s.gpus.state);
  const error = useAppStore((s) => s.gpus.error);
  const monitor = useAppStore((s) => s.gpus.monitor);
  const indexes = useAppStore(useShallow((s) => s.gpus.list.map((g) => g.index)));
  const windowMinutes = useAppStore((s) => s.gpus.windowMinutes);
  const setWindow = useAppStore((s) => s.setChartWindow);
  if (state === 'not-offered') return <><h1>GPUs</h1><NotOffered what="GPU monitoring" /></>;
  return (
    <>
      <h1>GPUs</h1>
      <div className="row" style={{ alignItems: 'center', marginBottom: 8 }}>
        <fieldset className="row" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="muted" style={{ float: 'left', marginRight: 8 }}>Chart window</legend>
          {WINDOWS.map((w) => (
            <label key={w} className="inline">
              <input type="radio" name="chart-window" checked={windowMinutes === w} onChange={() => setWindow(w)} />
              {w} min
            </label>
          ))}
        </fieldset>
        {monitor && monitor.state !== 'running' && <span className="badge warn" role="status">monitor {monitor.state}: {monitor.message}</span>}
      </div>
      <ErrorNotice error={error} />
      <HostCard />
      {state === 'ready' && indexes.length === 0 && <p>No GPU is visible to the gateway. The Diagnostics page says why (driver, container flags).</p>}
      <div className="grid">
        {indexes.map((i) => <GpuCard key={i} index={i} />)}
      </div>
    </>
  );
}
