import type { CacheState } from '../contract/models';
import { GatewayError } from '../errors';
import type { HubCache, RepoCacheState } from '../hub/cache';
import type { CatalogEntry } from './presets';
import { isWanted as matches } from '../hub/file-pattern';

/** A catalog model's files in the huggingface_hub cache: state, size, snapshot folders, purge. */
export class ModelCache {
  constructor(readonly hub: HubCache) {}

  private repoStates(entry: CatalogEntry): RepoCacheState[] {
    return entry.repos.map((r) => this.hub.repoState(r.repo, r.revision, r.files));
  }

  /** Complete when every file of every repo's manifest is in its snapshot; absent when none is. */
  state(entry: CatalogEntry): CacheState {
    const states = this.repoStates(entry);
    const bytes = states.reduce((n, s) => n + s.bytes, 0);
    const commit = states[0]?.commit;
    const state = states.length > 0 && states.every((s) => s.state === 'complete') ? 'complete'
      : states.every((s) => s.state === 'absent') ? 'absent' : 'partial';
    return { state, bytes, ...(commit ? { commit } : {}) };
  }

  isComplete(entry: CatalogEntry): boolean {
    return this.state(entry).state === 'complete';
  }

  /** Exact download size once the hub's file lists are known, else null. */
  expectedBytes(entry: CatalogEntry): number | null {
    let total = 0;
    for (const r of entry.repos) {
      const commit = this.hub.resolveCommit(r.repo, r.revision);
      const tree = commit ? this.hub.readTree(r.repo, commit) : null;
      if (!tree) return null;
      total += tree.filter((f) => matches(f.path, r.files)).reduce((n, f) => n + f.size, 0);
    }
    return total;
  }

  /**
   * The absolute `snapshots/<commit>` folder of the model's repo (the one with this role, else
   * the first), once complete: what engines load from.
   */
  snapshotDir(entry: CatalogEntry, role?: string): string {
    const ref = role ? entry.repos.find((r) => r.role === role) : entry.repos[0];
    if (!ref) throw new GatewayError('model_not_found', `Model "${entry.key}" has no repo${role ? ` with the role "${role}"` : ''}.`);
    const state = this.hub.repoState(ref.repo, ref.revision, ref.files);
    if (state.state !== 'complete' || !state.commit) {
      throw new GatewayError('model_not_downloaded', `Model "${entry.key}" is not downloaded${state.state === 'partial' ? ' completely' : ''}. Download it from the Models page or with POST /api/admin/models/${entry.key}/download.`, { param: 'model' });
    }
    return this.hub.snapshotDir(ref.repo, state.commit);
  }

  /** Removes the model's repo folders (and nothing else). */
  purge(entry: CatalogEntry): void {
    for (const r of entry.repos) this.hub.purgeRepo(r.repo);
  }
}

