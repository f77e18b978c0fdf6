import { asApiError } from '../api/api-error';
import type { Resource } from '../store/resource';

/**
 * Runs one fetch for a resource: `loading` (keeping the data shown), then `ready`, `not-offered`
 * (the gateway answered 404 not_found: it has no such route yet) or `error` with the gateway's words.
 */
export async function loadResource<T>(current: Resource<T>, set: (r: Resource<T>) => void, fetchData: () => Promise<T>): Promise<void> {
  set({ state: 'loading', data: current.data, error: null });
  try {
    set({ state: 'ready', data: await fetchData(), error: null });
  } catch (err) {
    const e = asApiError(err);
    if (e.isNotOffered) set({ state: 'not-offered', data: null, error: e.toErrorObject() });
    else set({ state: 'error', data: current.data, error: e.toErrorObject() });
  }
}
