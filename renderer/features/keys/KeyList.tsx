import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { selectSortedKeys } from '../../store/keys-slice';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice, NotOffered } from '../../ui/ErrorNotice';
import { formatTime } from '../../ui/format';
import { revokeKey } from './keys-actions';

export function KeyList() {
  const state = useAppStore((s) => s.keys.state);
  const loadError = useAppStore((s) => s.keys.error);
  const keys = useAppStore(useShallow(selectSortedKeys));
  const [error, setError] = useState<ErrorObject | null>(null);
  if (state === 'not-offered') return <NotOffered what="API keys" />;

  const revoke = async (id: string, name: string) => {
    if (!window.confirm(`Revoke the key "${name}"? Clients using it get 401 at once.`)) return;
    setError(await revokeKey(id));
  };

  return (
    <>
      <ErrorNotice error={loadError ?? error} />
      {keys.length === 0 && state === 'ready' && <p className="muted">No API key yet.</p>}
      {keys.length > 0 && (
        <table aria-label="API keys">
          <thead><tr><th>Name</th><th>Key</th><th>Models</th><th>Created</th><th>Last used</th><th><span className="muted">Actions</span></th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td className="mono">…{k.last4}</td>
                <td>{k.models ? k.models.join(', ') : 'all'}</td>
                <td>{formatTime(k.createdAt)}</td>
                <td>{formatTime(k.lastUsedAt)}</td>
                <td>
                  {k.source === 'env'
                    ? <span className="muted" title="Remove it from OPENAI_API_KEYS and restart the gateway">from OPENAI_API_KEYS</span>
                    : <button type="button" className="danger" onClick={() => void revoke(k.id, k.name)} aria-label={`Revoke key ${k.name}`}>Revoke</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
