import type { ErrorObject } from '../../../gateway/contract/errors';
import { asApiError } from '../../api/api-error';
import { gateway } from '../../app/gateway';
import { loadResource } from '../../app/load-resource';
import { useAppStore } from '../../store/app-store';

export function refreshHfToken(): Promise<void> {
  const s = useAppStore.getState();
  return loadResource(s.hfToken, s.setHfToken, () => gateway.call('getHfToken'));
}

/** Sets the token; the gateway checks it with whoami before keeping it. Returns the error to show. */
export async function saveHfToken(token: string): Promise<ErrorObject | null> {
  try {
    const status = await gateway.call('putHfToken', { body: { token } });
    useAppStore.getState().setHfToken({ state: 'ready', data: status, error: null });
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}

export async function clearHfToken(): Promise<ErrorObject | null> {
  try {
    await gateway.call('deleteHfToken');
    await refreshHfToken();
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}
