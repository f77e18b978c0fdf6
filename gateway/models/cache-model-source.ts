import type { HubCache } from '../hub/cache';
import { ModelCache } from './model-cache';
import type { CatalogEntry } from './presets';
import type { ModelSource, SourceEntry } from './model-source';

/**
 * The model manager's view of the catalog and the HF cache: a model is complete when every repo
 * of its manifest is; its snapshot per role is `snapshots/<commit>` of the revision's ref.
 */
export class CacheModelSource implements ModelSource {
  private readonly files: ModelCache;

  constructor(private readonly entries: () => readonly CatalogEntry[], private readonly cache: HubCache) {
    this.files = new ModelCache(cache);
  }

  keys(): string[] {
    return this.entries().map((e) => e.key);
  }

  entry(key: string): SourceEntry | undefined {
    const e = this.find(key);
    // The exact download size once the hub's file list is known, as the admin model list shows it.
    return e && { key: e.key, engine: e.engine, options: e.options, vramBytes: vramEstimate({ ...e, expectedBytes: this.files.expectedBytes(e) ?? e.expectedBytes }) };
  }

  isComplete(key: string): boolean {
    const e = this.find(key);
    return !!e && e.repos.length > 0 && e.repos.every((r) => this.cache.repoState(r.repo, r.revision, r.files).state === 'complete');
  }

  snapshotDirs(key: string): Record<string, string> {
    const dirs: Record<string, string> = {};
    for (const r of this.find(key)?.repos ?? []) {
      const commit = this.cache.resolveCommit(r.repo, r.revision);
      if (commit) dirs[r.role ?? 'main'] = this.cache.snapshotDir(r.repo, commit);
    }
    return dirs;
  }

  private find(key: string): CatalogEntry | undefined {
    return this.entries().find((e) => e.key === key);
  }
}

/**
 * A first VRAM estimate: the weights plus a fifth for activations and the runtime's workspace.
 * vLLM takes a fixed share of each GPU instead (its host says so for the preflight).
 */
export function vramEstimate(entry: CatalogEntry): number | null {
  const explicit = entry.options?.vramBytes;
  if (typeof explicit === 'number' && explicit >= 0) return Math.round(explicit);
  return entry.expectedBytes === null ? null : Math.round(entry.expectedBytes * 1.2);
}
