import type { StateCreator } from 'zustand';
import type { ConnectionState, LogLine, Profile, ProfileTestResult, StoredApiKey } from '../../main/ipc/contract';
import type { AppState } from './app-store';

/** The console's main process as the Connections page shows it (Electron only). */
export interface DesktopSlice {
  desktop: {
    connection: ConnectionState | null;
    profiles: Profile[];
    /** The embedded gateway's recent log lines, oldest first. */
    logs: LogLine[];
    /** The last test result per profile name (or '' for the candidate in the add form). */
    tests: Record<string, ProfileTestResult>;
    /** API keys main keeps in the keychain: names and masked forms only. */
    keptKeys: StoredApiKey[];
  };
  setDesktop: (patch: Partial<DesktopSlice['desktop']>) => void;
  addLogLine: (line: LogLine) => void;
}

export const MAX_LOG_LINES = 500;

export const createDesktopSlice: StateCreator<AppState, [], [], DesktopSlice> = (set) => ({
  desktop: { connection: null, profiles: [], logs: [], tests: {}, keptKeys: [] },
  setDesktop: (patch) => set((s) => ({ desktop: { ...s.desktop, ...patch } })),
  addLogLine: (line) => set((s) => ({ desktop: { ...s.desktop, logs: [...s.desktop.logs, line].slice(-MAX_LOG_LINES) } })),
});
