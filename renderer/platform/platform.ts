import type { Credentials } from '../api/gateway-client';
import type { PasserelleBridge } from '../../main/ipc/contract';

/** Where the renderer runs: the Electron console (secrets in main) or a browser tab (the dashboard). */
export interface Platform {
  readonly kind: 'electron' | 'browser';
  /** The gateway and its tokens, or null when there is none yet (browser: ask for the admin token). */
  loadCredentials(): Promise<Credentials | null>;
  /** Keeps the admin token; `persisted` is false when it lives in memory only. */
  saveAdminToken(token: string): Promise<{ persisted: boolean }>;
  /** Keeps (or, with null, forgets) the API key the dashboard sends to /v1. */
  saveApiKey(key: string | null): Promise<{ persisted: boolean }>;
  /** Forgets the admin token (sign out). */
  forgetAdminToken(): Promise<void>;
  /** Electron: the preload bridge, for the Connections page and credential changes. */
  readonly bridge?: PasserelleBridge;
}
