import { useState, type FormEvent } from 'react';
import { AddProfile } from '../../../main/ipc/contract';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { platform } from '../../app/platform-instance';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { addProfile, removeProfile, switchProfile, testProfile } from './desktop-actions';

/** Remote gateways: add (URL + admin token, kept by main in the keychain), test, switch, remove. */
export function ProfilesCard() {
  const bridge = platform.bridge!;
  const profiles = useAppStore((s) => s.desktop.profiles);
  const tests = useAppStore((s) => s.desktop.tests);
  const active = useAppStore((s) => (s.desktop.connection?.mode === 'attached' ? s.desktop.connection.profile : null));
  const [form, setForm] = useState<{ name: string; url: string; adminToken: string; certificateSha256?: string }>({ name: '', url: '', adminToken: '' });
  const [error, setError] = useState<ErrorObject | null>(null);
  const run = (action: () => Promise<ErrorObject | null>) => () => void action().then(setError);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = AddProfile.safeParse(form);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return setError({ message: `${issue.path.join('.')}: ${issue.message}.`, type: 'invalid_request_error', param: issue.path.join('.'), code: 'invalid_request' });
    }
    const err = await addProfile(bridge, parsed.data);
    setError(err);
    if (!err) setForm({ name: '', url: '', adminToken: '' });
  };
  const candidateTest = tests[''];
  return (
    <section className="card" aria-labelledby="profiles-title">
      <h2 id="profiles-title">Remote gateways</h2>
      {profiles.length === 0 && <p className="muted">No remote profile.</p>}
      {profiles.length > 0 && (
        <table aria-label="Remote profiles">
          <thead><tr><th>Name</th><th>URL</th><th>Certificate (SHA-256)</th><th>Test</th><th><span className="muted">Actions</span></th></tr></thead>
          <tbody>
            {profiles.map((p) => {
              const t = tests[p.name];
              return (
                <tr key={p.name}>
                  <td>{p.name}{p.name === active && <span className="badge ok"> in use</span>}{!p.isTokenPersisted && <span className="badge warn" title="No keychain: the token is kept for this session only"> session only</span>}</td>
                  <td className="mono">{p.url}{p.isTokenSentInClear && <span className="badge fail" title="Plain http to another machine: anyone on the network can read the admin token"> token sent in clear</span>}</td>
                  <td className="mono" style={{ overflowWrap: 'anywhere' }}>{p.certificateSha256 ?? (p.url.startsWith('https:') ? 'not pinned' : '—')}</td>
                  <td>{t ? (t.ok ? `ok · ${t.version} · ${t.latencyMs?.toFixed(0)} ms` : t.error?.message) : ''}</td>
                  <td className="row">
                    <button type="button" onClick={run(() => testProfile(bridge, p.name, { name: p.name }))} aria-label={`Test ${p.name}`}>Test</button>
                    <button type="button" onClick={run(() => switchProfile(bridge, p.name))} disabled={p.name === active} aria-label={`Switch to ${p.name}`}>Switch</button>
                    <button type="button" className="danger" onClick={() => window.confirm(`Remove the profile ${p.name} and its token?`) && run(() => removeProfile(bridge, p.name))()} aria-label={`Remove ${p.name}`}>Remove</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <form className="row" onSubmit={submit} aria-label="Add a remote gateway" style={{ marginTop: 8 }}>
        <label>Name<input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></label>
        <label>URL<input value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value, certificateSha256: undefined })} placeholder="https://gpu-host:8000" /></label>
        <label>Admin token<input type="password" value={form.adminToken} onChange={(e) => setForm({ ...form, adminToken: e.target.value })} autoComplete="off" /></label>
        <button type="button" onClick={run(() => testProfile(bridge, '', { url: form.url, adminToken: form.adminToken, certificateSha256: form.certificateSha256 }))} disabled={!form.url || !form.adminToken}>Test</button>
        <button type="submit" className="primary">Add profile</button>
      </form>
      {candidateTest?.error?.code === 'certificate_unconfirmed' && candidateTest.certificateSha256 && (
        // SSH-like first use: the operator compares this with the gateway's ready line before trusting it.
        <p role="alert">
          Certificate SHA-256 <code className="mono" style={{ overflowWrap: 'anywhere' }}>{candidateTest.certificateSha256}</code>: compare it with the
          {' '}<code>certificateSha256</code> the gateway printed when it started.{' '}
          <button type="button" onClick={() => {
            const certificateSha256 = candidateTest.certificateSha256!;
            setForm({ ...form, certificateSha256 });
            run(() => testProfile(bridge, '', { url: form.url, adminToken: form.adminToken, certificateSha256 }))();
          }}>It matches: trust this certificate</button>
        </p>
      )}
      {form.certificateSha256 && <p className="muted">Trusted certificate: <span className="mono">{form.certificateSha256}</span> (pinned when the profile is added).</p>}
      {candidateTest && <p role="status">{candidateTest.ok ? `The gateway answered: version ${candidateTest.version}, ${candidateTest.latencyMs?.toFixed(0)} ms.` : `Test failed: ${candidateTest.error?.message ?? 'unknown'}`}</p>}
      <ErrorNotice error={error} />
    </section>
  );
}
