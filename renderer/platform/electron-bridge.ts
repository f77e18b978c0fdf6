/**
 * The part of `window.passerelle` (the preload bridge) this renderer uses.
 * TODO(renderer): take these types from main/ipc/contract.ts once the main process lands; until
 * then every entry is optional and probed, so a partial bridge degrades to "not available".
 */
export interface BridgeConnection {
  baseUrl: string;
  adminToken: string;
  apiKey?: string | null;
}

export interface PasserelleBridge {
  getConnection?: () => Promise<BridgeConnection>;
  setApiKey?: (key: string | null) => Promise<unknown>;
  [entry: string]: unknown;
}

export function findBridge(): PasserelleBridge | null {
  const candidate = (globalThis as { passerelle?: unknown }).passerelle;
  return candidate && typeof candidate === 'object' ? (candidate as PasserelleBridge) : null;
}
