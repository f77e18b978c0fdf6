import type { Credentials } from '../api/gateway-client';
import type { Platform } from './platform';
import { readStored, writeStored } from './safe-storage';

export const ADMIN_TOKEN_KEY = 'passerelle.adminToken';
export const API_KEY_KEY = 'passerelle.apiKey';

/**
 * The dashboard served by the gateway: same origin, the admin token typed by the user, kept in
 * localStorage only where the browser allows it, else in memory for this tab.
 */
export function browserPlatform(): Platform {
  let adminToken = readStored(ADMIN_TOKEN_KEY);
  let apiKey = readStored(API_KEY_KEY);
  const credentials = (): Credentials | null => (adminToken ? { baseUrl: '', adminToken, apiKey } : null);
  return {
    kind: 'browser',
    loadCredentials: async () => credentials(),
    async saveAdminToken(token) {
      adminToken = token;
      return { persisted: writeStored(ADMIN_TOKEN_KEY, token) };
    },
    async saveApiKey(key) {
      apiKey = key;
      return { persisted: writeStored(API_KEY_KEY, key) };
    },
    async forgetAdminToken() {
      adminToken = null;
      writeStored(ADMIN_TOKEN_KEY, null);
    },
  };
}
