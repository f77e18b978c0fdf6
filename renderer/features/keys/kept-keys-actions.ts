import type { PasserelleBridge, StoredApiKey } from '../../../main/ipc/contract';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { asApiError } from '../../api/api-error';
import { useAppStore } from '../../store/app-store';

/** Runs one keychain call and shows main's list; returns the error to show, or null. */
async function attempt(run: () => Promise<{ keys: StoredApiKey[] } | void>): Promise<ErrorObject | null> {
  try {
    const result = await run();
    if (result) useAppStore.getState().setDesktop({ keptKeys: result.keys });
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}

export const refreshKeptKeys = (b: PasserelleBridge) => attempt(() => b.apiKeys.list());
/** The new key goes to main, which keeps it in the keychain; it never comes back to the page. */
export const keepKey = (b: PasserelleBridge, name: string, key: string) => attempt(() => b.apiKeys.save({ name, key }));
/** Main puts the key on the clipboard itself. */
export const copyKeptKey = (b: PasserelleBridge, name: string) => attempt(() => b.apiKeys.copy({ name }));
export const forgetKeptKey = (b: PasserelleBridge, name: string) => attempt(() => b.apiKeys.remove({ name }));
