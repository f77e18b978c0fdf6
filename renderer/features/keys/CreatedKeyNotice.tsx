import { useState } from 'react';
import { platform } from '../../app/platform-instance';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { keepKey } from './kept-keys-actions';

/** The new key's secret, shown this once, with a copy button; it cannot be read back later. */
export function CreatedKeyNotice() {
  const created = useAppStore((s) => s.createdKey);
  const dismiss = useAppStore((s) => s.setCreatedKey);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  // Per key: a second key created while this notice stays mounted starts afresh.
  const [keptById, setKept] = useState<{ id: string; result: ErrorObject | 'yes' } | null>(null);
  const bridge = platform.bridge;
  if (!created) return null;
  const kept = keptById?.id === created.id ? keptById.result : null;
  const keep = async () => {
    if (bridge) setKept({ id: created.id, result: (await keepKey(bridge, created.name, created.key)) ?? 'yes' });
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <div className="notice warn" role="status" aria-label="New API key">
      <p><strong>Key "{created.name}" created.</strong> Copy it now: the gateway keeps only its hash and will never show it again.</p>
      <div className="secret" data-testid="created-key">{created.key}</div>
      <div className="row" style={{ marginTop: 8 }}>
        <button type="button" onClick={() => void copy()}>Copy key</button>
        {bridge && <button type="button" onClick={() => void keep()} disabled={kept === 'yes'}>Keep in this console</button>}
        <button type="button" onClick={() => dismiss(null)}>I have saved it</button>
        {copied === 'yes' && <span role="status">Copied.</span>}
        {copied === 'no' && <span role="status">This browser refused the clipboard: select the key and copy it by hand.</span>}
        {kept === 'yes' && <span role="status">Kept by the console (Keys kept by this console, below).</span>}
      </div>
      {kept !== 'yes' && <ErrorNotice error={kept} />}
    </div>
  );
}
