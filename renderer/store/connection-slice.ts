import type { StateCreator } from 'zustand';
import type { Credentials } from '../api/gateway-client';
import type { StreamStatus } from '../api/event-stream';
import type { ErrorObject } from '../../gateway/contract/errors';
import type { SystemInfo } from '../../gateway/contract/system';
import type { AppState } from './app-store';

export type ConnectionPhase = 'starting' | 'needs-token' | 'connecting' | 'ready' | 'failed';

export interface ConnectionSlice {
  connection: {
    phase: ConnectionPhase;
    platform: 'electron' | 'browser';
    credentials: Credentials | null;
    /** False when the browser refused localStorage: tokens live for this tab only. */
    isStoragePersistent: boolean;
    stream: StreamStatus;
    streamDetail: string | null;
    system: SystemInfo | null;
    error: ErrorObject | null;
  };
  setConnection: (patch: Partial<ConnectionSlice['connection']>) => void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: {
    phase: 'starting',
    platform: 'browser',
    credentials: null,
    isStoragePersistent: true,
    stream: 'closed',
    streamDetail: null,
    system: null,
    error: null,
  },
  setConnection: (patch) => set((s) => ({ connection: { ...s.connection, ...patch } })),
});

export const selectHasApiKey = (s: AppState): boolean => Boolean(s.connection.credentials?.apiKey);
