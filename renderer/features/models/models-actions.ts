import type { AddModel } from '../../../gateway/contract/models';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { asApiError } from '../../api/api-error';
import { gateway } from '../../app/gateway';
import { loadResource } from '../../app/load-resource';
import { useAppStore } from '../../store/app-store';

export function refreshModels(): Promise<void> {
  const s = useAppStore.getState();
  return loadResource(s.models, s.setModels, async () => (await gateway.call('adminListModels')).models);
}

/** Runs one model action; its error stays on the model's card, and the list is re-read either way. */
async function act(key: string, run: () => Promise<unknown>): Promise<ErrorObject | null> {
  const s = useAppStore.getState();
  s.setActionError(key, null);
  try {
    await run();
    return null;
  } catch (err) {
    const e = asApiError(err).toErrorObject();
    s.setActionError(key, e);
    return e;
  } finally {
    await refreshModels();
  }
}

export const startDownload = (key: string) => act(key, () => gateway.call('startDownload', { params: { key } }));
export const cancelDownload = (key: string, purge: boolean) => act(key, () => gateway.call('cancelDownload', { params: { key }, query: purge ? { purge: 'true' } : {} }));
export const purgeCache = (key: string) => act(key, () => gateway.call('purgeModelCache', { params: { key } }));
// wait=false: the gateway answers 202 at once; the state then follows over the live stream.
export const loadModel = (key: string, gpuDeviceIds: number[]) => act(key, () => gateway.call('loadModel', { params: { key }, query: { wait: 'false' }, body: { gpu_device_ids: gpuDeviceIds } }));
export const unloadModel = (key: string) => act(key, () => gateway.call('unloadModel', { params: { key } }));
export const removeModel = (key: string) => act(key, () => gateway.call('removeModel', { params: { key } }));

export async function addModel(body: AddModel): Promise<ErrorObject | null> {
  try {
    await gateway.call('addModel', { body });
    await refreshModels();
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}

/** The gateway's verdict for this model on these GPUs: gated access and memory fit. */
export function refreshPreflight(key: string, gpuDeviceIds: number[]): Promise<void> {
  const s = useAppStore.getState();
  return loadResource(s.preflight[key] ?? { state: 'idle', data: null, error: null }, (r) => useAppStore.getState().setPreflight(key, r), async () => {
    const p = await gateway.call('modelPreflight', { params: { key }, query: gpuDeviceIds.length ? { gpu_device_ids: gpuDeviceIds.join(',') } : {} });
    return { gpuDeviceIds, access: p.access, gpus: { fits: p.gpus.fits, message: p.gpus.message, neededBytes: p.gpus.neededBytes, devices: p.gpus.devices } };
  });
}
