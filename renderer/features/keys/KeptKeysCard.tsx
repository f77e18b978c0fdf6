import { useEffect, useState } from 'react';
import type { PasserelleBridge } from '../../../main/ipc/contract';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { copyKeptKey, forgetKeptKey, refreshKeptKeys } from './kept-keys-actions';

/** API keys this console keeps in the OS keychain: copied to the clipboard by main, never shown. */
export function KeptKeysCard({ bridge }: { bridge: PasserelleBridge }) {
  const kept = useAppStore((s) => s.desktop.keptKeys);
  const [error, setError] = useState<ErrorObject | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    void refreshKeptKeys(bridge).then(setError);
  }, [bridge]);
  const run = (action: () => Promise<ErrorObject | null>, done: string) => async () => {
    const err = await action();
    setError(err);
    setNote(err ? null : done);
  };
  return (
    <section className="card" aria-labelledby="kept-keys-title">
      <h2 id="kept-keys-title">Keys kept by this console</h2>
      {kept.length === 0 ? <p className="muted">None. After creating a key, choose “Keep in this console” to find it here later.</p> : (
        <table aria-label="Keys kept by this console">
          <thead><tr><th scope="col">Name</th><th scope="col">Key</th><th scope="col">Kept</th><th scope="col" aria-label="Actions" /></tr></thead>
          <tbody>
            {kept.map((k) => (
              <tr key={k.name}>
                <td>{k.name}</td>
                <td className="mono">{k.masked}</td>
                <td>{k.isPersisted ? 'OS keychain' : 'this session only'}</td>
                <td className="row">
                  <button type="button" onClick={run(() => copyKeptKey(bridge, k.name), `Key "${k.name}" copied.`)} aria-label={`Copy the key ${k.name}`}>Copy</button>
                  <button type="button" className="danger" onClick={run(() => forgetKeptKey(bridge, k.name), `Key "${k.name}" forgotten by the console (the gateway still accepts it until revoked).`)} aria-label={`Forget the key ${k.name}`}>Forget</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {note && <p role="status">{note}</p>}
      <ErrorNotice error={error} />
    </section>
  );
}
