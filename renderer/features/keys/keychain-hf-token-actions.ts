import type { HfTokenStatus, PasserelleBridge, SecretStorageStatus } from '../../../main/ipc/contract';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { asApiError } from '../../api/api-error';

/** The console's own copy of the HF token (main, OS keychain) and where main can keep secrets. */
export interface KeychainHfToken {
  token: HfTokenStatus;
  storage: SecretStorageStatus;
}

export type KeychainResult = { value: KeychainHfToken; error: null } | { value: null; error: ErrorObject };

async function attempt(run: () => Promise<KeychainHfToken>): Promise<KeychainResult> {
  try {
    return { value: await run(), error: null };
  } catch (err) {
    return { value: null, error: asApiError(err).toErrorObject() };
  }
}

const read = async (bridge: PasserelleBridge): Promise<KeychainHfToken> => {
  const [token, storage] = await Promise.all([bridge.hfToken.status(), bridge.secrets.status()]);
  return { token, storage };
};

export const readKeychainHfToken = (bridge: PasserelleBridge) => attempt(() => read(bridge));

/**
 * The embedded gateway's token is main's: kept in the keychain, given to the gateway in its
 * environment at start. It never goes through the gateway's PUT, which would write it in clear to
 * MODEL_CACHE_DIR/.hf_token.
 */
export const saveKeychainHfToken = (bridge: PasserelleBridge, token: string) => attempt(async () => {
  await bridge.hfToken.set({ token });
  return read(bridge);
});

export const clearKeychainHfToken = (bridge: PasserelleBridge) => attempt(async () => {
  await bridge.hfToken.clear();
  return read(bridge);
});

/**
 * Restarts the embedded gateway so it starts with the keychain's token. The gateway's own view is
 * re-read when the console reconnects to it (refreshAll), under its new admin token.
 */
export const applyKeychainHfToken = (bridge: PasserelleBridge) => attempt(async () => {
  await bridge.gateway.restart();
  return read(bridge);
});
