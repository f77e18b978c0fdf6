import { useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { selectModel } from '../../store/models-slice';
import { cancelDownload, loadModel, purgeCache, removeModel, startDownload, unloadModel } from './models-actions';

const NO_IDS: number[] = [];

/** The buttons a model's state allows; destructive ones ask first. */
export function ModelActions({ modelKey }: { modelKey: string }) {
  const m = useAppStore(selectModel(modelKey));
  const gpuIds = useAppStore((s) => s.gpuChoice[modelKey] ?? NO_IDS);
  const [isBusy, setBusy] = useState(false);
  if (!m) return null;
  const run = (action: () => Promise<unknown>) => async () => {
    setBusy(true);
    await action();
    setBusy(false);
  };
  const confirmThen = (question: string, action: () => Promise<unknown>) => () => (window.confirm(question) ? run(action)() : undefined);
  const downloading = m.download.state === 'running' || m.download.state === 'queued';
  const loaded = m.runtime.state === 'loaded' || m.runtime.state === 'loading';
  const name = m.displayName;
  return (
    <div className="row" style={{ marginTop: 6 }}>
      {m.cache.state !== 'complete' && !downloading && (
        <button type="button" className="primary" disabled={isBusy} onClick={run(() => startDownload(m.key))} aria-label={`${m.cache.state === 'partial' ? 'Resume download of' : 'Download'} ${m.key}`}>{m.cache.state === 'partial' ? 'Resume download' : 'Download'}</button>
      )}
      {downloading && <button type="button" disabled={isBusy} onClick={run(() => cancelDownload(m.key, false))} aria-label={`Cancel download of ${m.key}`}>Cancel download</button>}
      {downloading && <button type="button" className="danger" disabled={isBusy} aria-label={`Cancel the download of ${m.key} and delete its partial files`} onClick={confirmThen(`Cancel and delete the partial files of ${name}?`, () => cancelDownload(m.key, true))}>Cancel and delete partial files</button>}
      {m.cache.state === 'complete' && (m.runtime.state === 'unloaded' || m.runtime.state === 'failed') && (
        <button type="button" className="primary" disabled={isBusy} onClick={run(() => loadModel(m.key, gpuIds))} aria-label={`Load ${m.key}${gpuIds.length ? ` on GPU ${gpuIds.join(', ')}` : ''}`}>
          {gpuIds.length ? `Load on GPU ${gpuIds.join(', ')}` : 'Load'}
        </button>
      )}
      {loaded && <button type="button" disabled={isBusy} onClick={run(() => unloadModel(m.key))} aria-label={`Unload ${m.key}`}>Unload</button>}
      {m.cache.state !== 'absent' && !downloading && (
        <button type="button" className="danger" disabled={isBusy || loaded} title={loaded ? 'Unload the model first' : undefined} aria-label={`Purge the cache of ${m.key}`}
          onClick={confirmThen(`Delete the downloaded files of ${name} (${m.repos.map((r) => r.repo).join(', ')})? They will have to be downloaded again.`, () => purgeCache(m.key))}>
          Purge cache
        </button>
      )}
      {!m.preset && !loaded && (
        <button type="button" className="danger" disabled={isBusy} aria-label={`Remove ${m.key} from the catalog`} onClick={confirmThen(`Remove ${name} from the catalog? Its cached files stay until purged.`, () => removeModel(m.key))}>Remove from catalog</button>
      )}
    </div>
  );
}
