import { BRIDGE_KEY, type ConnectionState, type PasserelleBridge } from '../../main/ipc/contract';
import type { Credentials } from '../api/gateway-client';
import type { Platform } from './platform';

export function findBridge(): PasserelleBridge | null {
  const candidate = (globalThis as Record<string, unknown>)[BRIDGE_KEY];
  return candidate && typeof candidate === 'object' ? (candidate as PasserelleBridge) : null;
}

/** The credentials a connection state gives, or null while there is no usable gateway. */
export function credentialsOf(state: ConnectionState, apiKey: string | null): Credentials | null {
  if (state.status !== 'connected' || !state.baseUrl || !state.adminToken) return null;
  return { baseUrl: state.baseUrl.replace(/\/+$/, ''), adminToken: state.adminToken, apiKey };
}

/**
 * In the Electron console: main owns the gateway connection and keeps secrets in the keychain; the
 * renderer gets the admin token in memory only. The contract has no channel for an API key, so
 * the key dialog's key lives in memory for this window (the admin token also opens /v1).
 */
export function electronPlatform(bridge: PasserelleBridge): Platform {
  let apiKey: string | null = null;
  return {
    kind: 'electron',
    bridge,
    loadCredentials: async () => credentialsOf(await bridge.connection.get(), apiKey),
    saveAdminToken: async () => ({ persisted: false }),
    async saveApiKey(key) {
      apiKey = key;
      return { persisted: false };
    },
    forgetAdminToken: async () => undefined,
  };
}
