import { join } from 'node:path';
import type { Config } from '../config';
import type { AddModel, ModelEntry, RuntimeState } from '../contract/models';
import type { OpenAIModel } from '../contract/openai';
import type { PreflightAccess } from '../contract/hub';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { GatewayError } from '../errors';
import { HubCache } from '../hub/cache';
import { HubMetadata } from '../hub/hub-metadata';
import { HfTokenStore } from '../hub/hf-token-store';
import { Downloader, type DownloaderOptions } from '../hub/downloader';
import { checkAccess } from '../hub/access-check';
import { Catalog } from './catalog';
import { ModelCache } from './model-cache';
import { composeModelEntry } from './model-entry';
import { vramEstimate } from './cache-model-source';
import type { CatalogEntry } from './presets';
import { downloadRepos } from '../engines/diarization/download-references';

/** What the model lifecycle tells the hub about each model. */
export interface RuntimeSource {
  runtimeOf(key: string): RuntimeState;
  isLoaded(key: string): boolean;
}

export interface ModelHubOptions {
  config: Config;
  events: EventBus;
  logger: Logger;
  /** The model lifecycle, wired after the hub is built; models are unloaded without it. */
  runtime?: () => RuntimeSource | undefined;
  /** Downloader tuning (tests shorten retries). */
  download?: Partial<DownloaderOptions>;
}

const LISTED_TASKS = new Set(['chat', 'transcription', 'diarization']);
// Presets have no creation date of their own; /v1/models needs one.
const PRESET_CREATED = Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000);

/**
 * The catalog, the cache, the downloads and the HF token behind the admin model routes. Route
 * handlers call one method each; engines ask `cache.snapshotDir(entry, role)` where to load from.
 */
export class ModelHub {
  readonly catalog: Catalog;
  readonly cache: ModelCache;
  readonly metadata: HubMetadata;
  readonly token: HfTokenStore;
  readonly downloader: Downloader;

  constructor(private readonly options: ModelHubOptions) {
    const { config, events, logger } = options;
    this.catalog = new Catalog(config.stateDir, (file, aside) => logger.error({ file, aside }, 'the user model catalog was unreadable; it was moved aside and the catalog starts with the presets only'));
    this.cache = new ModelCache(new HubCache(config.modelCacheDir));
    // Metadata calls answer the operator (preflight, token check): fewer, shorter retries than transfers.
    this.metadata = new HubMetadata(config.hfEndpoint, options.download?.retry ?? { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 5000 });
    this.token = new HfTokenStore(config.modelCacheDir, config.huggingfaceToken, (t) => this.metadata.whoami(t));
    this.downloader = new Downloader({
      cache: this.cache.hub, metadata: this.metadata, token: () => this.token.current(), events, logger: logger.child({ component: 'downloader' }),
      pendingFile: join(config.stateDir, 'downloads.json'), ...options.download,
    });
  }

  entry(key: string): ModelEntry {
    return this.compose(this.catalog.get(key));
  }

  list(): ModelEntry[] {
    return this.catalog.list().map((e) => this.compose(e));
  }

  add(body: AddModel): ModelEntry {
    const entry = this.catalog.add(body);
    this.options.events.record({ level: 'info', kind: 'model.added', model: entry.key, message: `Model ${entry.key} added (${entry.repos.map((r) => `${r.repo}@${r.revision}`).join(', ') || entry.engine}).` });
    return this.compose(entry);
  }

  async remove(key: string): Promise<void> {
    const entry = this.catalog.get(key);
    if (!entry.preset) this.refuseWhileLoaded(entry, 'removed');
    this.catalog.remove(key);
    await this.downloader.cancel(entry, false);
    this.options.events.record({ level: 'info', kind: 'model.removed', model: key, message: `Model ${key} removed from the catalog; its files stay in the cache until purged.` });
  }

  startDownload(key: string): ModelEntry {
    const entry = this.catalog.get(key);
    if (entry.repos.length === 0) throw new GatewayError('invalid_request', `Model "${key}" is an attached upstream: it has nothing to download.`, { param: 'key' });
    // A pyannote pipeline also fetches the repos its downloaded config.yaml references.
    this.downloader.start({ key: entry.key, repos: downloadRepos(entry, this.cache.hub) });
    return this.compose(entry);
  }

  async cancelDownload(key: string, purge: boolean): Promise<ModelEntry> {
    const entry = this.catalog.get(key);
    const wasRunning = this.downloader.isRunning(key);
    await this.downloader.cancel(entry, purge);
    if (purge && !wasRunning) this.options.events.record({ level: 'info', kind: 'download.purged', model: key, message: `Partial files of ${key} removed.` });
    return this.compose(entry);
  }

  async purgeCache(key: string): Promise<ModelEntry> {
    const entry = this.catalog.get(key);
    this.refuseWhileLoaded(entry, 'purged', true);
    // Another model downloading one of these repos would write into the folder being removed.
    for (const user of this.usersOfRepos(entry)) if (user.key === entry.key || this.downloader.isRunning(user.key)) await this.downloader.cancel(user, true);
    const freed = this.cache.state(entry).bytes;
    this.cache.purge(entry);
    this.options.events.record({ level: 'info', kind: 'cache.purged', model: key, message: `Cache of ${key} purged (${freed} bytes freed).`, data: { bytes: freed } });
    return this.compose(entry);
  }

  checkAccess(key: string): Promise<PreflightAccess> {
    return checkAccess(this.metadata, this.catalog.get(key).repos, this.token.current());
  }

  /** `/v1/models`: chat, transcription and diarization models that are downloaded or loaded. */
  openAIModels(): OpenAIModel[] {
    const runtime = this.options.runtime?.();
    return this.catalog.list().flatMap((e) => {
      if (!LISTED_TASKS.has(e.task)) return [];
      const state = runtime?.runtimeOf(e.key).state ?? 'unloaded';
      const usable = state === 'loaded' || state === 'loading' || e.repos.length === 0 || this.cache.isComplete(e);
      if (!usable) return [];
      return [{ id: e.key, object: 'model' as const, created: PRESET_CREATED, owned_by: e.repos[0]?.repo.split('/')[0] ?? 'passerelle', task: e.task, state }];
    });
  }

  /** Resumes the downloads the gateway was running when it stopped. */
  resumeDownloads(): string[] {
    return this.downloader.resumePending((key) => this.catalog.find(key));
  }

  stop(): Promise<void> {
    return this.downloader.stopAll();
  }

  /**
   * 409 while the model runs, or is being loaded or unloaded (its worker reads the files). A purge
   * also waits for every other model that shares one of its repos: the folder is theirs too.
   */
  private refuseWhileLoaded(entry: CatalogEntry, what: string, sharers = false): void {
    const runtime = this.options.runtime?.();
    if (!runtime) return;
    for (const user of sharers ? this.usersOfRepos(entry) : [entry]) {
      const { state } = runtime.runtimeOf(user.key);
      if (state === 'unloaded' || state === 'failed') continue;
      const whose = user.key === entry.key ? '' : ` Model "${user.key}" shares its files and is ${state}.`;
      throw new GatewayError('model_loaded', `Model "${entry.key}" cannot be ${what} while ${user.key === entry.key ? `it is ${state}` : 'another model uses its files'}.${whose}`, {
        hint: `Unload "${user.key}" first (POST /api/admin/models/${user.key}/unload), then retry.`,
      });
    }
  }

  /** The model itself and every catalog model that shares one of its repos. */
  private usersOfRepos(entry: CatalogEntry): CatalogEntry[] {
    const repos = new Set(entry.repos.map((r) => r.repo));
    return this.catalog.list().filter((e) => e.key === entry.key || e.repos.some((r) => repos.has(r.repo)));
  }

  private compose(entry: CatalogEntry): ModelEntry {
    const runtime = this.options.runtime?.();
    return composeModelEntry(entry, {
      cache: this.cache, downloads: this.downloader, runtimeOf: runtime ? (key) => runtime.runtimeOf(key) : undefined,
      isGated: (e) => e.repos.some((r) => this.metadata.gatedRepos.has(r.repo)),
      // The lifecycle's estimate, from the exact download size once the hub's file list is known.
      vramOf: (e) => vramEstimate({ ...e, expectedBytes: this.cache.expectedBytes(e) ?? e.expectedBytes }),
    });
  }
}
