import { useAppStore } from '../../store/app-store';
import { selectModel } from '../../store/models-slice';
import { formatBytes, formatSeconds } from '../../ui/format';

function Bar({ received, total, label }: { received: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, (received / total) * 100) : 0;
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)}>
      <div style={{ width: `${pct}%` }} />
    </div>
  );
}

/** Total and per-file progress with speed and ETA, while a download is queued or running. */
export function DownloadProgress({ modelKey }: { modelKey: string }) {
  const d = useAppStore((s) => selectModel(modelKey)(s)?.download);
  if (!d || (d.state !== 'running' && d.state !== 'queued')) return null;
  return (
    <div className="card" style={{ background: 'transparent' }} data-testid="download-progress">
      <div className="row" style={{ alignItems: 'center' }}>
        <strong>{d.state === 'queued' ? 'Queued' : 'Downloading'}</strong>
        <div style={{ flex: 1 }}><Bar received={d.receivedBytes} total={d.totalBytes} label={`Download of ${modelKey}`} /></div>
        <span className="mono" data-testid="download-bytes">{formatBytes(d.receivedBytes)} / {formatBytes(d.totalBytes)}</span>
        <span className="mono">{formatBytes(d.bytesPerSecond)}/s</span>
        <span className="mono">ETA {formatSeconds(d.etaSeconds)}</span>
      </div>
      {d.files.length > 0 && (
        <details>
          <summary>{d.files.length} files</summary>
          <table aria-label={`Files of ${modelKey}`}>
            <tbody>
              {d.files.map((f) => (
                <tr key={f.path}>
                  <td className="mono">{f.path}</td>
                  <td style={{ width: '30%' }}><Bar received={f.receivedBytes} total={f.totalBytes} label={f.path} /></td>
                  <td className="mono">{formatBytes(f.receivedBytes)} / {formatBytes(f.totalBytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
