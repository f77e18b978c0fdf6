import type { ErrorObject } from '../../gateway/contract/errors';

/**
 * What a page knows about one gateway resource. `not-offered`: the gateway answered 404 to the
 * route (it predates the feature), which the page says plainly instead of showing an empty list.
 */
export type Resource<T> =
  | { state: 'idle'; data: null; error: null }
  | { state: 'loading'; data: T | null; error: null }
  | { state: 'ready'; data: T; error: null }
  | { state: 'not-offered'; data: null; error: ErrorObject }
  | { state: 'error'; data: T | null; error: ErrorObject };

export const idle = <T>(): Resource<T> => ({ state: 'idle', data: null, error: null });
