import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { selectModel } from '../../store/models-slice';
import { formatBytes } from '../../ui/format';
import { refreshPreflight } from './models-actions';

const NO_IDS: number[] = [];

/** GPUs with their free memory; ticking a set asks the gateway's preflight for that set. */
export function GpuPicker({ modelKey }: { modelKey: string }) {
  const runtime = useAppStore((s) => selectModel(modelKey)(s)?.runtime.state);
  const list = useAppStore((s) => s.gpus.list);
  const gpus = list.map((g) => ({ index: g.index, free: g.memoryTotalBytes !== null && g.memoryUsedBytes !== null ? g.memoryTotalBytes - g.memoryUsedBytes : null }));
  const chosen = useAppStore((s) => s.gpuChoice[modelKey] ?? NO_IDS);
  const setChoice = useAppStore((s) => s.setGpuChoice);
  const chosenKey = chosen.join(',');
  useEffect(() => {
    if (runtime === 'unloaded' || runtime === 'failed') void refreshPreflight(modelKey, chosenKey ? chosenKey.split(',').map(Number) : []);
  }, [modelKey, chosenKey, runtime]);
  if (runtime !== 'unloaded' && runtime !== 'failed') return null;

  const toggle = (index: number) => setChoice(modelKey, chosen.includes(index) ? chosen.filter((i) => i !== index) : [...chosen, index]);
  return (
    <fieldset style={{ border: '1px solid var(--border)', borderRadius: 6, margin: '6px 0' }}>
      <legend>GPUs for {modelKey}</legend>
      {gpus.length === 0 && <span className="muted">No GPU visible: the model loads on CPU where its engine allows it.</span>}
      <div className="row">
        {gpus.map((g) => (
          <label key={g.index} className="inline">
            <input type="checkbox" checked={chosen.includes(g.index)} onChange={() => toggle(g.index)} aria-label={`GPU ${g.index} for ${modelKey}`} />
            GPU {g.index} · {formatBytes(g.free)} free
          </label>
        ))}
      </div>
      <PreflightVerdict modelKey={modelKey} />
    </fieldset>
  );
}

function PreflightVerdict({ modelKey }: { modelKey: string }) {
  const p = useAppStore((s) => s.preflight[modelKey]);
  if (!p || p.state === 'idle') return null;
  if (p.state === 'not-offered') return <p className="muted">This gateway does not offer a preflight check yet.</p>;
  if (p.state === 'error') return <p className="muted" role="status">Preflight failed: {p.error.message}</p>;
  if (!p.data) return <p className="muted">Checking…</p>;
  const { access, gpus } = p.data;
  const fit = gpus.fits === true ? ['ok', 'fits'] : gpus.fits === false ? ['fail', 'does not fit'] : ['', 'fit unknown'];
  return (
    <div className="row" role="status" data-testid="preflight" style={{ marginTop: 6, alignItems: 'center' }}>
      <span className={`badge ${fit[0]}`}>{fit[1]}</span>
      {gpus.message && <span>{gpus.message}</span>}
      {access && <span className={`badge ${access.state === 'ok' ? 'ok' : 'fail'}`}>access {access.state}</span>}
      {access && access.state !== 'ok' && <span>{access.message}{access.hint ? ` ${access.hint}` : ''}{access.modelPage && <> <a href={access.modelPage} target="_blank" rel="noreferrer">model page</a></>}</span>}
    </div>
  );
}
