import type { CreateApiKey } from '../../../gateway/contract/keys';
import { asApiError } from '../../api/api-error';
import { gateway } from '../../app/gateway';
import { loadResource } from '../../app/load-resource';
import { useAppStore } from '../../store/app-store';

export function refreshKeys(): Promise<void> {
  const s = useAppStore.getState();
  return loadResource(s.keys, s.setKeys, async () => (await gateway.call('listKeys')).keys);
}

/** Creates a key; its secret goes to `createdKey` (shown once). Returns the error, if any, to show in the form. */
export async function createKey(body: CreateApiKey): Promise<ReturnType<ReturnType<typeof asApiError>['toErrorObject']> | null> {
  try {
    const created = await gateway.call('createKey', { body });
    useAppStore.getState().setCreatedKey(created);
    await refreshKeys();
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}

export async function revokeKey(id: string): Promise<ReturnType<ReturnType<typeof asApiError>['toErrorObject']> | null> {
  try {
    await gateway.call('revokeKey', { params: { id } });
    await refreshKeys();
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}
