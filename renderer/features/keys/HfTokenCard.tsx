import { useEffect, useState } from 'react';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice, NotOffered } from '../../ui/ErrorNotice';
import { platform } from '../../app/platform-instance';
import { clearHfToken, refreshHfToken, saveHfToken } from './hf-token-actions';
import { HfTokenForm } from './HfTokenForm';
import { KeychainHfTokenCard } from './KeychainHfTokenCard';

/**
 * The Hugging Face token. In the console with its embedded gateway, main owns it (OS keychain);
 * in a browser or attached to a remote gateway, the gateway does.
 */
export function HfTokenCard() {
  const isEmbedded = useAppStore((s) => s.desktop.connection?.mode === 'embedded');
  return platform.bridge && isEmbedded ? <KeychainHfTokenCard bridge={platform.bridge} /> : <GatewayHfTokenCard />;
}

/** The gateway's token: set (validated by the gateway), shown masked with its account and role, cleared. */
function GatewayHfTokenCard() {
  const hf = useAppStore((s) => s.hfToken);
  const [error, setError] = useState<ErrorObject | null>(null);
  const [isBusy, setBusy] = useState(false);
  useEffect(() => {
    void refreshHfToken();
  }, []);

  const run = async (action: () => Promise<ErrorObject | null>): Promise<boolean> => {
    setBusy(true);
    const err = await action();
    setBusy(false);
    setError(err);
    return !err;
  };

  return (
    <section className="card" aria-labelledby="hf-title">
      <h2 id="hf-title">Hugging Face token</h2>
      {hf.state === 'not-offered' ? <NotOffered what="Hugging Face token management" /> : (
        <>
          <HfStatusLine />
          <HfTokenForm isBusy={isBusy} onSave={(token) => run(() => saveHfToken(token))} onClear={hf.data?.configured && hf.data.source === 'file' ? () => void run(clearHfToken) : undefined} />
          <ErrorNotice error={error ?? hf.error} />
        </>
      )}
    </section>
  );
}

function HfStatusLine() {
  const data = useAppStore((s) => s.hfToken.data);
  if (!data) return null;
  if (!data.configured) return <p>No token: public models download, gated ones (Canary, pyannote) need one.</p>;
  return (
    <p data-testid="hf-status">
      Token <code>{data.masked}</code>{data.source === 'env' ? ' (from HUGGINGFACE_TOKEN)' : ''} ·
      account {data.user ?? 'unknown (hub unreachable)'} · role {data.role ?? 'unknown'}
    </p>
  );
}
