import type { ErrorObject } from '../../../gateway/contract/errors';
import { useAppStore } from '../../store/app-store';
import { selectModel } from '../../store/models-slice';
import { diagnosticFor } from './diagnostic-for-error';

/** The model's last errors (action, download, runtime), each with its hint and matching diagnostic. */
export function ModelErrors({ modelKey }: { modelKey: string }) {
  const m = useAppStore(selectModel(modelKey));
  const actionError = useAppStore((s) => s.actionError[modelKey] ?? null);
  if (!m) return null;
  const errors: Array<[string, ErrorObject]> = [];
  if (actionError) errors.push(['Last action failed', actionError]);
  if (m.download.state === 'failed' && m.download.error) errors.push(['Download failed', m.download.error]);
  if (m.runtime.state === 'failed' && m.runtime.error) errors.push(['Runtime failed', m.runtime.error]);
  return (
    <>
      {errors.map(([title, e]) => {
        const check = diagnosticFor(e, m.engine);
        return (
          <div key={title} className="notice error" role="alert">
            <strong>{title}:</strong> {e.message}
            {e.hint && <div className="hint">{e.hint}</div>}
            <div className="muted mono">
              {e.code}
              {check && <> · <a href={`#/diagnostics?check=${encodeURIComponent(check)}`}>see the “{check}” diagnostic</a></>}
            </div>
          </div>
        );
      })}
    </>
  );
}
