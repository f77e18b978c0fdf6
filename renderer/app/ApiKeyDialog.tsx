import { useRef, useState, type FormEvent } from 'react';
import type { Platform } from '../platform/platform';
import { useAppStore } from '../store/app-store';

/**
 * The guide's key dialog, top right: the API key this console sends to /v1 (audio lab, playground).
 * Without one, the admin token is sent, which the gateway also accepts on /v1.
 */
export function ApiKeyDialog({ platform }: { platform: Platform }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const current = useAppStore((s) => s.connection.credentials?.apiKey ?? null);
  const [value, setValue] = useState('');
  const [note, setNote] = useState<string | null>(null);

  const save = async (key: string | null) => {
    const { persisted } = await platform.saveApiKey(key);
    const s = useAppStore.getState();
    const creds = s.connection.credentials;
    if (creds) s.setConnection({ credentials: { ...creds, apiKey: key } });
    setNote(key === null ? 'API key forgotten.' : persisted ? 'API key saved.' : platform.kind === 'electron' ? 'API key set for this window (the console does not store it).' : 'This browser refuses local storage: the key is kept for this tab only.');
    setValue('');
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (value.trim()) void save(value.trim());
  };

  return (
    <>
      <button type="button" onClick={() => { setNote(null); dialog.current?.showModal(); }} aria-haspopup="dialog">
        {current ? `API key …${current.slice(-4)}` : 'API key'}
      </button>
      <dialog ref={dialog} aria-labelledby="api-key-title">
        <form onSubmit={submit}>
          <h2 id="api-key-title">API key for /v1</h2>
          <p className="muted">The key the console sends to the OpenAI-compatible API (audio lab, playground). Create one on the Keys page.</p>
          <p>{current ? <>Current key: <code>…{current.slice(-4)}</code></> : 'No key set: the admin token is used.'}</p>
          <label style={{ width: '100%' }}>
            API key
            <input type="password" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" name="api-key" />
          </label>
          {note && <p role="status">{note}</p>}
          <div className="row" style={{ marginTop: 12, justifyContent: 'flex-end' }}>
            {current && <button type="button" className="danger" onClick={() => void save(null)}>Forget key</button>}
            <button type="button" onClick={() => dialog.current?.close()}>Close</button>
            <button type="submit" className="primary" disabled={!value.trim()}>Save key</button>
          </div>
        </form>
      </dialog>
    </>
  );
}
