import { useState } from 'react';
import { useAppStore } from '../../store/app-store';

/** The new key's secret, shown this once, with a copy button; it cannot be read back later. */
export function CreatedKeyNotice() {
  const created = useAppStore((s) => s.createdKey);
  const dismiss = useAppStore((s) => s.setCreatedKey);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  if (!created) return null;
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
        <button type="button" onClick={() => dismiss(null)}>I have saved it</button>
        {copied === 'yes' && <span role="status">Copied.</span>}
        {copied === 'no' && <span role="status">This browser refused the clipboard: select the key and copy it by hand.</span>}
      </div>
    </div>
  );
}
