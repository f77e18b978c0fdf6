import { useState, type FormEvent } from 'react';
import type { Platform } from '../platform/platform';
import { useAppStore } from '../store/app-store';
import { ErrorNotice } from '../ui/ErrorNotice';
import { connect } from './session';

/** In a browser: asks for the gateway's admin token, checks it, then keeps it where allowed. */
export function TokenGate({ platform }: { platform: Platform }) {
  const error = useAppStore((s) => s.connection.error);
  const phase = useAppStore((s) => s.connection.phase);
  const [token, setToken] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = token.trim();
    if (!value) return;
    const apiKey = useAppStore.getState().connection.credentials?.apiKey ?? null;
    if (await connect({ baseUrl: '', adminToken: value, apiKey })) {
      const { persisted } = await platform.saveAdminToken(value);
      useAppStore.getState().setConnection({ isStoragePersistent: persisted });
    }
  };

  return (
    <main className="gate">
      <form className="card" onSubmit={submit} aria-labelledby="gate-title">
        <h1 id="gate-title">Passerelle</h1>
        <p>Enter the gateway's admin token. It is the <code>ADMIN_TOKEN</code> variable, or the token in the file whose path the gateway printed when it started.</p>
        <div className="row">
          <label style={{ flex: 1 }}>
            Admin token
            <input type="password" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} autoFocus name="admin-token" />
          </label>
          <button type="submit" className="primary" disabled={!token.trim() || phase === 'connecting'}>Connect</button>
        </div>
        <p className="muted">This browser keeps the token in its local storage if it allows it; in a private window it is kept for this tab only.</p>
        <ErrorNotice error={error} />
      </form>
    </main>
  );
}
