import { EventStream } from '../api/event-stream';
import type { Credentials } from '../api/gateway-client';
import { asApiError } from '../api/api-error';
import type { Platform } from '../platform/platform';
import { credentialsOf } from '../platform/electron-platform';
import type { ConnectionState } from '../../main/ipc/contract';
import { useAppStore } from '../store/app-store';
import { gateway } from './gateway';
import { dispatchLive } from './live-dispatch';
import { refreshAll, refreshModels } from './refresh';

let stream: EventStream | null = null;
let modelsTimer: ReturnType<typeof setTimeout> | null = null;

/** Coalesces bursts of model events into one re-fetch. */
function scheduleModelsRefresh(): void {
  if (modelsTimer) return;
  modelsTimer = setTimeout(() => {
    modelsTimer = null;
    void refreshModels();
  }, 250);
}

/** Reads the credentials from the platform and connects, or asks for the admin token. */
export async function startSession(platform: Platform): Promise<void> {
  const store = useAppStore.getState();
  store.setConnection({ platform: platform.kind });
  if (platform.bridge) return startDesktopSession(platform.bridge);
  const credentials = await platform.loadCredentials().catch(() => null);
  if (!credentials) {
    store.setConnection({ phase: 'needs-token' });
    return;
  }
  await connect(credentials);
}

let unwatch: (() => void) | null = null;

/** Electron: follow main's connection (embedded gateway restarts, profile switches) and reconnect. */
async function startDesktopSession(bridge: NonNullable<Platform['bridge']>): Promise<void> {
  const follow = (state: ConnectionState) => {
    const s = useAppStore.getState();
    s.setDesktop({ connection: state });
    const next = credentialsOf(state, s.connection.credentials?.apiKey ?? null);
    const current = s.connection.credentials;
    if (next && (next.baseUrl !== current?.baseUrl || next.adminToken !== current?.adminToken)) void connect(next);
    if (!next) {
      stream?.stop();
      s.setConnection({ phase: 'failed', credentials: null, system: null, error: state.error });
    }
  };
  unwatch?.();
  unwatch = bridge.connection.onChanged(follow);
  try {
    follow(await bridge.connection.get());
  } catch (err) {
    useAppStore.getState().setConnection({ phase: 'failed', error: asApiError(err).toErrorObject() });
  }
}

/** Checks the credentials against GET /api/system, then opens the live stream and loads the pages' data. */
export async function connect(credentials: Credentials): Promise<boolean> {
  const { setConnection } = useAppStore.getState();
  setConnection({ phase: 'connecting', credentials, error: null });
  try {
    const system = await gateway.call('system');
    setConnection({ phase: 'ready', system });
  } catch (err) {
    const e = asApiError(err);
    setConnection({ phase: e.isAuth ? 'needs-token' : 'failed', error: e.toErrorObject() });
    return false;
  }
  openStream();
  void refreshAll();
  return true;
}

function openStream(): void {
  stream?.stop();
  stream = new EventStream({
    credentials: () => useAppStore.getState().connection.credentials ?? { baseUrl: '', adminToken: null, apiKey: null },
    onMessage: (m) => dispatchLive(useAppStore.getState(), m, scheduleModelsRefresh),
    onResync: () => void refreshAll(),
    onStatus: (status, detail) => useAppStore.getState().setConnection({ stream: status, streamDetail: detail ?? null }),
  });
  stream.start();
}

export function endSession(): void {
  stream?.stop();
  stream = null;
  useAppStore.getState().setConnection({ phase: 'needs-token', credentials: null, system: null });
}
