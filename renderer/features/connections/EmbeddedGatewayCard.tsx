import { useEffect, useState } from 'react';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { platform } from '../../app/platform-instance';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { formatTime } from '../../ui/format';
import { followLogs, refreshDesktop, restartEmbedded, startEmbedded, stopEmbedded, useEmbedded } from './desktop-actions';
import { EmbeddedSettingsForm } from './EmbeddedSettingsForm';
import { ProfilesCard } from './ProfilesCard';

/** The embedded gateway (status, port, cache directory, logs, restart) and the remote profiles. */
export function EmbeddedGatewayCard() {
  const bridge = platform.bridge;
  const conn = useAppStore((s) => s.desktop.connection);
  const logs = useAppStore((s) => s.desktop.logs);
  const [error, setError] = useState<ErrorObject | null>(null);
  useEffect(() => {
    if (!bridge) return;
    void refreshDesktop(bridge).then(setError);
    return followLogs(bridge);
  }, [bridge]);
  if (!bridge) return null;
  const run = (action: () => Promise<ErrorObject | null>) => () => void action().then(setError);
  const e = conn?.embedded;
  return (
    <>
      <section className="card" aria-labelledby="embedded-gw">
        <h2 id="embedded-gw">Embedded gateway</h2>
        {conn && <p>Using: <strong>{conn.mode === 'embedded' ? 'the embedded gateway' : `the remote profile “${conn.profile}”`}</strong> · {conn.status}</p>}
        {e && (
          <table>
            <tbody>
              <tr><th scope="row">State</th><td><span className={`badge ${e.state === 'ready' ? 'ok' : e.state === 'failed' ? 'fail' : 'warn'}`}>{e.state}</span>{e.consecutiveFailures > 0 && ` · ${e.consecutiveFailures} failed starts`}{e.nextRestartAt && ` · next try ${formatTime(e.nextRestartAt)}`}</td></tr>
              <tr><th scope="row">Port</th><td className="mono">{e.port ? `127.0.0.1:${e.port}` : '—'}{e.pid ? ` · pid ${e.pid}` : ''}</td></tr>
              <tr><th scope="row">Model cache</th><td className="mono">{e.cacheDir ?? 'the gateway default (/models, else the Hugging Face cache)'}</td></tr>
            </tbody>
          </table>
        )}
        <ErrorNotice error={e?.lastError ?? null} title="Last error" />
        <div className="row" style={{ marginTop: 8 }}>
          <button type="button" onClick={run(() => restartEmbedded(bridge))}>Restart</button>
          <button type="button" onClick={run(() => startEmbedded(bridge))} disabled={e?.state === 'ready'}>Start</button>
          <button type="button" onClick={run(() => stopEmbedded(bridge))} disabled={e?.state === 'stopped'}>Stop</button>
          {conn?.mode === 'attached' && <button type="button" className="primary" onClick={run(() => useEmbedded(bridge))}>Use the embedded gateway</button>}
        </div>
        <ErrorNotice error={error} />
        <EmbeddedSettingsForm bridge={bridge} onSaved={() => void refreshDesktop(bridge).then(setError)} />
        <details>
          <summary>Logs ({logs.length} lines)</summary>
          <pre className="mono" style={{ maxHeight: 300, overflow: 'auto', whiteSpace: 'pre-wrap' }} aria-label="Embedded gateway logs">
            {logs.map((l) => `${l.time} ${l.stream} ${l.text}`).join('\n')}
          </pre>
        </details>
      </section>
      <ProfilesCard />
    </>
  );
}
