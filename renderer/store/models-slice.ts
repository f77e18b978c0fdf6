import type { StateCreator } from 'zustand';
import type { ModelEntry } from '../../gateway/contract/models';
import type { ErrorObject } from '../../gateway/contract/errors';
import { idle, type Resource } from './resource';
import type { AppState } from './app-store';

/** A preflight verdict as the page shows it (structural, from GET …/preflight). */
export interface PreflightView {
  gpuDeviceIds: number[];
  /** Null when the gateway cannot check access (no hub client). */
  access: { state: string; gated: boolean; message: string; hint?: string; modelPage?: string } | null;
  gpus: {
    fits: boolean | null;
    message?: string;
    neededBytes: number | null;
    devices: { index: number; freeBytes: number | null; neededBytes: number | null; fits: boolean | null }[];
  };
}

export interface ModelsSlice {
  models: Resource<ModelEntry[]>;
  /** GPUs the user ticked per model, before loading. */
  gpuChoice: Record<string, number[]>;
  preflight: Record<string, Resource<PreflightView>>;
  /** The last action error per model (download, load…), shown on its row until the next action. */
  actionError: Record<string, ErrorObject | null>;
  setModels: (r: Resource<ModelEntry[]>) => void;
  /** One model changed (a live message): replace it in place. */
  patchModel: (key: string, patch: Partial<ModelEntry>) => void;
  setGpuChoice: (key: string, ids: number[]) => void;
  setPreflight: (key: string, r: Resource<PreflightView>) => void;
  setActionError: (key: string, e: ErrorObject | null) => void;
}

export const createModelsSlice: StateCreator<AppState, [], [], ModelsSlice> = (set) => ({
  models: idle(),
  gpuChoice: {},
  preflight: {},
  actionError: {},
  setModels: (models) => set({ models }),
  patchModel: (key, patch) => set((s) => {
    if (!s.models.data) return {};
    const data = s.models.data.map((m) => (m.key === key ? { ...m, ...patch } : m));
    return { models: { ...s.models, data } as Resource<ModelEntry[]> };
  }),
  setGpuChoice: (key, ids) => set((s) => ({ gpuChoice: { ...s.gpuChoice, [key]: [...ids].sort((a, b) => a - b) } })),
  setPreflight: (key, r) => set((s) => ({ preflight: { ...s.preflight, [key]: r } })),
  setActionError: (key, e) => set((s) => ({ actionError: { ...s.actionError, [key]: e } })),
});

export const selectModel = (key: string) => (s: AppState): ModelEntry | undefined => s.models.data?.find((m) => m.key === key);
export const selectLoadedChatModels = (s: AppState): ModelEntry[] =>
  (s.models.data ?? []).filter((m) => m.task === 'chat' && m.runtime.state === 'loaded');
export const selectModelsByTask = (task: ModelEntry['task']) => (s: AppState): ModelEntry[] => (s.models.data ?? []).filter((m) => m.task === task);
