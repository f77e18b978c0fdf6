import type { StateCreator } from 'zustand';
import type { ApiKeyInfo, CreatedApiKey } from '../../gateway/contract/keys';
import type { HfTokenStatus } from '../../gateway/contract/hub';
import { idle, type Resource } from './resource';
import type { AppState } from './app-store';


export interface KeysSlice {
  keys: Resource<ApiKeyInfo[]>;
  /** The key just created: its secret is shown once, until the user dismisses it. */
  createdKey: CreatedApiKey | null;
  hfToken: Resource<HfTokenStatus>;
  setKeys: (r: Resource<ApiKeyInfo[]>) => void;
  setCreatedKey: (k: CreatedApiKey | null) => void;
  setHfToken: (r: Resource<HfTokenStatus>) => void;
}

export const createKeysSlice: StateCreator<AppState, [], [], KeysSlice> = (set) => ({
  keys: idle(),
  createdKey: null,
  hfToken: idle(),
  setKeys: (keys) => set({ keys }),
  setCreatedKey: (createdKey) => set({ createdKey }),
  setHfToken: (hfToken) => set({ hfToken }),
});

/** Newest first, as the list is read. */
export const selectSortedKeys = (s: AppState): ApiKeyInfo[] =>
  [...(s.keys.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
