import type { Credentials } from '../api/gateway-client';

/** Where the renderer runs: the Electron console (secrets in main) or a browser tab (the dashboard). */
export interface Platform {
  readonly kind: 'electron' | 'browser';
  /** The gateway and its tokens, or null when the user must enter the admin token first. */
  loadCredentials(): Promise<Credentials | null>;
  /** Keeps the admin token; `persisted` is false when it lives in memory only. */
  saveAdminToken(token: string): Promise<{ persisted: boolean }>;
  /** Keeps (or, with null, forgets) the API key the dashboard sends to /v1. */
  saveApiKey(key: string | null): Promise<{ persisted: boolean }>;
  /** Forgets the admin token (sign out). */
  forgetAdminToken(): Promise<void>;
}
