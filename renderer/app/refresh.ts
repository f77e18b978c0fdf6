import { refreshEvents } from '../features/events/events-actions';
import { refreshKeys } from '../features/keys/keys-actions';
import { refreshHfToken } from '../features/keys/hf-token-actions';
import { refreshGpus } from '../features/gpus/gpus-actions';
import { refreshModels as refreshModelList } from '../features/models/models-actions';

type Refresher = () => Promise<void>;

/** Features register what to re-fetch after a gap in the live stream, or on demand. */
const refreshers = new Map<string, Refresher>([
  ['events', refreshEvents],
  ['keys', refreshKeys],
  // After a reconnect (an embedded gateway restarted with the keychain's new token, say).
  ['hfToken', refreshHfToken],
  ['gpus', () => refreshGpus()],
  ['models', refreshModelList],
]);

export function registerRefresher(name: string, refresher: Refresher): void {
  refreshers.set(name, refresher);
}

export async function refreshAll(): Promise<void> {
  await Promise.all([...refreshers.values()].map((r) => r().catch(() => undefined)));
}

export function refreshModels(): Promise<void> {
  return refreshers.get('models')?.() ?? Promise.resolve();
}
