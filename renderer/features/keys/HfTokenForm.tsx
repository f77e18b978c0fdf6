import { useState, type FormEvent } from 'react';

/**
 * The HF token's entry form, wherever the token is kept (the gateway, or main's keychain). The
 * field empties once `onSave` reports success; `onClear` shows the Clear button when given.
 */
export function HfTokenForm({ isBusy, onSave, onClear }: { isBusy: boolean; onSave: (token: string) => Promise<boolean>; onClear?: () => void }) {
  const [token, setToken] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (token.trim() && (await onSave(token.trim()))) setToken('');
  };
  return (
    <form className="row" onSubmit={(e) => void submit(e)} aria-label="Set the Hugging Face token">
      <label>
        New token
        <input type="password" value={token} onChange={(e) => setToken(e.target.value)} placeholder="hf_…" autoComplete="off" name="hf-token" />
      </label>
      <button type="submit" className="primary" disabled={isBusy || !token.trim()}>Save token</button>
      {onClear && <button type="button" className="danger" disabled={isBusy} onClick={onClear}>Clear token</button>}
    </form>
  );
}
