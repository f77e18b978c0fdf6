import type { AddProfile, PasserelleBridge } from '../../../main/ipc/contract';
import type { ErrorObject } from '../../../gateway/contract/errors';
import { asApiError } from '../../api/api-error';
import { useAppStore } from '../../store/app-store';

/** Runs one bridge call; returns the error to show, or null. */
async function attempt(run: () => Promise<unknown>): Promise<ErrorObject | null> {
  try {
    await run();
    return null;
  } catch (err) {
    return asApiError(err).toErrorObject();
  }
}

export async function refreshDesktop(bridge: PasserelleBridge): Promise<ErrorObject | null> {
  return attempt(async () => {
    const [connection, { profiles }, { lines }] = await Promise.all([bridge.connection.get(), bridge.profiles.list(), bridge.gateway.logs({ limit: 200 })]);
    useAppStore.getState().setDesktop({ connection, profiles, logs: lines });
  });
}

/** Live log lines while the page is open; returns the unsubscribe. */
export function followLogs(bridge: PasserelleBridge): () => void {
  return bridge.gateway.onLogged((line) => useAppStore.getState().addLogLine(line));
}

export const restartEmbedded = (b: PasserelleBridge) => attempt(() => b.gateway.restart());
export const startEmbedded = (b: PasserelleBridge) => attempt(() => b.gateway.start());
export const stopEmbedded = (b: PasserelleBridge) => attempt(() => b.gateway.stop());
export const useEmbedded = (b: PasserelleBridge) => attempt(() => b.connection.useEmbedded());

export const addProfile = (b: PasserelleBridge, p: AddProfile) => attempt(async () => {
  await b.profiles.add(p);
  useAppStore.getState().setDesktop({ profiles: (await b.profiles.list()).profiles });
});

export const switchProfile = (b: PasserelleBridge, name: string) => attempt(() => b.profiles.switch({ name }));

export const removeProfile = (b: PasserelleBridge, name: string) => attempt(async () => {
  useAppStore.getState().setDesktop({ profiles: (await b.profiles.remove({ name })).profiles });
});

/** Tests a saved profile (by name) or the add form's candidate (key ''). */
export const testProfile = (b: PasserelleBridge, key: string, target: Parameters<PasserelleBridge['profiles']['test']>[0]) => attempt(async () => {
  const result = await b.profiles.test(target);
  const s = useAppStore.getState();
  s.setDesktop({ tests: { ...s.desktop.tests, [key]: result } });
});
