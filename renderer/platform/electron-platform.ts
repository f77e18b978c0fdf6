import type { Platform } from './platform';
import type { PasserelleBridge } from './electron-bridge';

/** In the Electron console: main owns the gateway connection and keeps secrets in the keychain. */
export function electronPlatform(bridge: PasserelleBridge): Platform {
  return {
    kind: 'electron',
    async loadCredentials() {
      if (!bridge.getConnection) return null;
      const c = await bridge.getConnection();
      return { baseUrl: c.baseUrl.replace(/\/+$/, ''), adminToken: c.adminToken, apiKey: c.apiKey ?? null };
    },
    // Main provides the admin token of the embedded or attached gateway; nothing to keep here.
    saveAdminToken: async () => ({ persisted: false }),
    async saveApiKey(key) {
      if (!bridge.setApiKey) return { persisted: false };
      await bridge.setApiKey(key);
      return { persisted: true };
    },
    forgetAdminToken: async () => undefined,
  };
}
