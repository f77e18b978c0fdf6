import { HfTokenStatus } from '../../../gateway/contract/hub';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { asApiError } from '../../api/api-error';
import { gateway } from '../../app/gateway';
import { loadResource } from '../../app/load-resource';
import { useAppStore } from '../../store/app-store';

const PATH = '/api/admin/hf-token';

export function refreshHfToken(): Promise<void> {
  const s = useAppStore.getState();
  return loadResource(s.hfToken, s.setHfToken, () => gateway.request('GET', PATH, HfTokenStatus));
}

/** Sets the token; the gateway checks it with whoami before keeping it. Returns the error to show. */
export async function saveHfToken(token: string): Promise<ErrorObject | null> {
  try {
    const status = await gateway.request('PUT', PATH, HfTokenStatus, { token });
    useAppStore.getState().setHfToken({ state: 'ready', data: status, error: null });
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}

export async function clearHfToken(): Promise<ErrorObject | null> {
  try {
    await gateway.request('DELETE', PATH, null);
    await refreshHfToken();
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}
