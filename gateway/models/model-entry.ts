import type { DownloadState, ModelEntry, RuntimeState } from '../contract/models';
import type { ModelCache } from './model-cache';
import type { CatalogEntry } from './presets';
import { publicEngineOptions } from '../engines/llm/upstream-options';

export const UNLOADED: RuntimeState = { state: 'unloaded', gpuDeviceIds: [], device: null };

export interface ModelEntrySources {
  cache: ModelCache;
  downloads: { state(key: string): DownloadState };
  /** The model lifecycle's part; unloaded when it is not wired. */
  runtimeOf?: (key: string) => RuntimeState;
  /** The lifecycle's VRAM estimate; null when unknown. */
  vramOf?: (entry: CatalogEntry) => number | null;
  /** Repos the hub reported gated (learned at download or preflight). */
  isGated?: (entry: CatalogEntry) => boolean;
}

/** The full ModelEntry of the admin API: catalog + cache + download + runtime. */
export function composeModelEntry(entry: CatalogEntry, sources: ModelEntrySources): ModelEntry {
  return {
    key: entry.key, displayName: entry.displayName, task: entry.task, engine: entry.engine, preset: entry.preset,
    repos: entry.repos, gated: entry.gated || (sources.isGated?.(entry) ?? false),
    expectedBytes: sources.cache.expectedBytes(entry) ?? entry.expectedBytes,
    cache: sources.cache.state(entry),
    download: sources.downloads.state(entry.key),
    runtime: sources.runtimeOf?.(entry.key) ?? UNLOADED,
    estimate: { vramBytes: sources.vramOf?.(entry) ?? null },
    // An attached upstream's API key stays server-side: only its masked form is shown.
    ...(entry.options ? { options: publicEngineOptions(entry.options) } : {}),
  };
}
