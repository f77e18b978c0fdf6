import { useEffect } from 'react';
import { platform } from '../../app/platform-instance';
import { CreateKeyForm } from './CreateKeyForm';
import { HfTokenCard } from './HfTokenCard';
import { CreatedKeyNotice } from './CreatedKeyNotice';
import { KeptKeysCard } from './KeptKeysCard';
import { KeyList } from './KeyList';
import { refreshKeys } from './keys-actions';

/** API keys for /v1 (secret shown once) and the Hugging Face token. */
export default function KeysPage() {
  useEffect(() => {
    void refreshKeys();
  }, []);
  return (
    <>
      <h1>Keys</h1>
      <section className="card" aria-labelledby="api-keys-title">
        <h2 id="api-keys-title">API keys</h2>
        <p className="muted">Clients of <code>/v1</code> send a key as <code>Authorization: Bearer &lt;key&gt;</code>. While no key exists, <code>/v1</code> is open to anyone who can reach the gateway.</p>
        <CreateKeyForm />
        <CreatedKeyNotice />
        <KeyList />
      </section>
      {platform.bridge && <KeptKeysCard bridge={platform.bridge} />}
      <HfTokenCard />
    </>
  );
}
