import { useEffect, useState, type FormEvent } from 'react';
import { Settings, type PasserelleBridge } from '../../../main/ipc/contract';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { asApiError } from '../../api/api-error';
import { ErrorNotice } from '../../ui/ErrorNotice';

const invalid = (message: string): ErrorObject => ({ message, type: 'invalid_request_error', param: 'cacheDir', code: 'invalid_request' });

/**
 * The embedded gateway's settings, kept by main: its model cache directory (MODEL_CACHE_DIR; empty
 * for the gateway's default) and whether it starts with the console. They apply at its next start.
 */
export function EmbeddedSettingsForm({ bridge, onSaved }: { bridge: PasserelleBridge; onSaved: () => void }) {
  const [saved, setSaved] = useState<Settings | null>(null);
  const [cacheDir, setCacheDir] = useState('');
  const [isAutoStart, setAutoStart] = useState(true);
  const [error, setError] = useState<ErrorObject | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const show = (s: Settings) => {
    setSaved(s);
    setCacheDir(s.cacheDir ?? '');
    setAutoStart(s.autoStart);
  };
  useEffect(() => {
    bridge.settings.get().then(show, (err: unknown) => setError(asApiError(err).toErrorObject()));
  }, [bridge]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    const patch = { cacheDir: cacheDir.trim() || null, autoStart: isAutoStart };
    const parsed = Settings.safeParse(patch);
    if (!parsed.success) return setError(invalid(`The cache directory must be ${parsed.error.issues[0]?.message ?? 'an absolute path'}.`));
    try {
      show(await bridge.settings.update(parsed.data));
      setError(null);
      setNote('Saved. The embedded gateway uses it from its next start (Restart).');
      onSaved();
    } catch (err) {
      setError(asApiError(err).toErrorObject());
    }
  };

  if (!saved) return <ErrorNotice error={error} />;
  return (
    <form className="row" onSubmit={submit} aria-label="Embedded gateway settings" style={{ marginTop: 8, alignItems: 'flex-end' }}>
      <label style={{ flex: 1 }}>
        Model cache directory
        <input value={cacheDir} onChange={(e) => setCacheDir(e.target.value)} placeholder="the gateway default (/models, else the Hugging Face cache)" name="cache-dir" />
      </label>
      <label className="inline">
        <input type="checkbox" checked={isAutoStart} onChange={(e) => setAutoStart(e.target.checked)} />
        Start with the console
      </label>
      <button type="submit">Save settings</button>
      {note && <p role="status" style={{ width: '100%' }}>{note}</p>}
      <ErrorNotice error={error} />
    </form>
  );
}
