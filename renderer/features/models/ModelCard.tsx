import { useAppStore } from '../../store/app-store';
import { selectModel } from '../../store/models-slice';
import { formatBytes } from '../../ui/format';
import { DownloadProgress } from './DownloadProgress';
import { GpuPicker } from './GpuPicker';
import { ModelActions } from './ModelActions';
import { ModelErrors } from './ModelErrors';
import { hubModelPage } from './hub-model-page';

/** Where a loaded model runs, as the gateway says: an ONNX engine without CUDA runs on CPU whatever GPUs were asked. */
function placement(r: { device: 'cuda' | 'cpu' | null; gpuDeviceIds: number[] }): string {
  const gpus = `GPU ${r.gpuDeviceIds.join(', ')}`;
  if (r.device === 'cpu') return r.gpuDeviceIds.length ? `on CPU (asked for ${gpus}; no CUDA provider)` : 'on CPU';
  return r.gpuDeviceIds.length ? `on ${gpus}` : '';
}

const RUNTIME_BADGE: Record<string, string> = { loaded: 'ok', loading: 'warn', unloading: 'warn', failed: 'fail', unloaded: '' };
const CACHE_BADGE: Record<string, string> = { complete: 'ok', partial: 'warn', absent: '' };

export function ModelCard({ modelKey }: { modelKey: string }) {
  const m = useAppStore(selectModel(modelKey));
  if (!m) return null;
  return (
    <section className="card" aria-labelledby={`model-${m.key}`} data-testid={`model-${m.key}`}>
      <h2 id={`model-${m.key}`}>
        {m.displayName} <span className="muted mono">{m.key}</span>
      </h2>
      <div className="row" style={{ alignItems: 'center', marginBottom: 6 }}>
        <span className="badge">{m.task}</span>
        <span className="badge">{m.engine}</span>
        <span className={`badge ${CACHE_BADGE[m.cache.state]}`} data-testid="cache-state">cache {m.cache.state} · {formatBytes(m.cache.bytes)}{m.expectedBytes ? ` of ${formatBytes(m.expectedBytes)}` : ''}</span>
        <span className={`badge ${RUNTIME_BADGE[m.runtime.state]}`} data-testid="runtime-state">
          {m.runtime.state}{m.runtime.state === 'loaded' ? ` ${placement(m.runtime)}` : ''}
        </span>
        {m.estimate.vramBytes !== null && <span className="muted">needs about {formatBytes(m.estimate.vramBytes)} of GPU memory</span>}
      </div>
      <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
        {m.repos.map((r) => (
          <li key={r.repo}>
            <a href={hubModelPage(r.repo)} target="_blank" rel="noreferrer">{r.repo}</a> <span className="muted">@ {r.revision}{r.role ? ` · ${r.role}` : ''}</span>
            {m.gated && (
              <> <span className="badge warn">gated</span> <a href={hubModelPage(r.repo)} target="_blank" rel="noreferrer">accept the conditions on huggingface.co</a></>
            )}
          </li>
        ))}
      </ul>
      <DownloadProgress modelKey={m.key} />
      <GpuPicker modelKey={m.key} />
      <ModelActions modelKey={m.key} />
      <ModelErrors modelKey={m.key} />
    </section>
  );
}
