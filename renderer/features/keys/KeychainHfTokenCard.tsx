import { useEffect, useState } from 'react';
import type { PasserelleBridge } from '../../../main/ipc/contract';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { useAppStore } from '../../store/app-store';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { clearHfToken, refreshHfToken } from './hf-token-actions';
import { HfTokenForm } from './HfTokenForm';
import { applyKeychainHfToken, clearKeychainHfToken, readKeychainHfToken, saveKeychainHfToken, type KeychainHfToken, type KeychainResult } from './keychain-hf-token-actions';

/**
 * The Hugging Face token of the embedded gateway, in the console: main keeps it in the OS keychain
 * (or in memory when there is none, which the card says) and starts the gateway with it; the page
 * only ever sees its masked form. The gateway's own status line shows the account it resolves to.
 */
export function KeychainHfTokenCard({ bridge }: { bridge: PasserelleBridge }) {
  const [state, setState] = useState<KeychainHfToken | null>(null);
  const [error, setError] = useState<ErrorObject | null>(null);
  const [isBusy, setBusy] = useState(false);
  const gatewayView = useAppStore((s) => s.hfToken.data);

  const run = async (action: () => Promise<KeychainResult>): Promise<boolean> => {
    setBusy(true);
    const result = await action();
    setBusy(false);
    setError(result.error);
    if (result.value) setState(result.value);
    return result.value !== null;
  };
  useEffect(() => {
    void run(() => readKeychainHfToken(bridge));
    void refreshHfToken();
  }, [bridge]);
  const t = state?.token;

  return (
    <section className="card" aria-labelledby="hf-title">
      <h2 id="hf-title">Hugging Face token</h2>
      {t && (
        <p data-testid="hf-keychain-status">
          {t.isConfigured ? <>Token <code>{t.masked}</code> · {t.isPersisted ? 'kept in the OS keychain' : 'kept for this session only'}</> : 'No token in the console: public models download, gated ones (Canary, pyannote) need one.'}
          {gatewayView?.configured && <> · the gateway uses <code>{gatewayView.masked}</code>, account {gatewayView.user ?? 'unknown (hub unreachable)'}, role {gatewayView.role ?? 'unknown'}</>}
        </p>
      )}
      {state && !state.storage.isPersistent && <div className="notice warn" role="status">Secrets stay in memory until the console quits: {state.storage.reason}</div>}
      {t?.isRestartNeeded && (
        <div className="notice warn" role="status">
          The embedded gateway still runs with the previous token.{' '}
          <button type="button" disabled={isBusy} onClick={() => void run(() => applyKeychainHfToken(bridge))}>Restart the gateway to use it</button>
        </div>
      )}
      {gatewayView?.source === 'file' && (
        <div className="notice warn" role="status">
          The gateway has a token of its own, saved in clear in its cache directory (.hf_token); it wins over the console's.{' '}
          <button type="button" disabled={isBusy} onClick={() => void clearHfToken().then(setError)}>Remove the gateway's saved token</button>
        </div>
      )}
      <HfTokenForm isBusy={isBusy} onSave={(token) => run(() => saveKeychainHfToken(bridge, token))} onClear={t?.isConfigured ? () => void run(() => clearKeychainHfToken(bridge)) : undefined} />
      <ErrorNotice error={error} />
    </section>
  );
}
