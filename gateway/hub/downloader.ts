import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoRef, DownloadState } from '../contract/models';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logging/logger';
import { GatewayError, isGatewayError } from '../errors';
import { writeFileAtomic } from '../state/atomic-write';
import type { HubCache } from './cache';
import type { HubMetadata, RepoManifest } from './hub-metadata';
import { transferBlob } from './blob-transfer';
import { withBlobLock } from './blob-lock';
import { removePartial } from './part-file';
import { DEFAULT_RETRY, type RetryPolicy } from './retry-policy';
import { SharedTransfers } from './shared-transfers';
import { Throttle } from './throttle';
import { DownloadJob, JobCancelled, type FileWork } from './download-job';

/** What a download needs to know of a catalog entry. */
export interface DownloadRequest {
  key: string;
  repos: RepoRef[];
}

export interface DownloaderOptions {
  cache: HubCache;
  metadata: HubMetadata;
  token: () => string | null;
  events: EventBus;
  logger: Logger;
  /** Downloads to resume after a restart: `<stateDir>/downloads.json`. */
  pendingFile?: string;
  retry?: RetryPolicy;
  stallMs?: number;
  fileConcurrency?: number;
  partBytes?: number;
  maxParts?: number;
  progressIntervalMs?: number;
  /** Models downloading at once; the others are `queued` (2). */
  maxConcurrentJobs?: number;
  /** How often a download waiting for another process's lock on a blob looks again. */
  lockPollMs?: number;
}

export const IDLE: DownloadState = { state: 'idle', receivedBytes: 0, totalBytes: 0, bytesPerSecond: 0, etaSeconds: null, files: [] };

/**
 * Model downloads: one job per model (a second request joins it), files in parallel, one transfer
 * per blob, progress as live events at most 4 per second, runtime events for start, completion,
 * failure and cancellation. Jobs that were running when the gateway stopped resume at its start.
 */
export class Downloader {
  private readonly jobs = new Map<string, DownloadJob>();
  private readonly queue: DownloadJob[] = [];
  /** One throttle per model, whichever job (cancelled, restarted) asks. */
  private readonly throttles = new Map<string, Throttle>();
  readonly transfers = new SharedTransfers();

  constructor(private readonly options: DownloaderOptions) {}

  state(key: string): DownloadState {
    return this.jobs.get(key)?.snapshot() ?? IDLE;
  }

  isRunning(key: string): boolean {
    const state = this.jobs.get(key)?.state;
    return state === 'running' || state === 'queued';
  }

  /** Starts or resumes the model's download; joins the running one. */
  start(request: DownloadRequest): DownloadState {
    const existing = this.jobs.get(request.key);
    if (existing && (existing.state === 'running' || existing.state === 'queued')) return existing.snapshot();
    const job = new DownloadJob(request, this.options, (j, work) => this.transfer(j, work), () => this.notify(request.key));
    this.jobs.set(request.key, job);
    this.setPending(request.key, true);
    this.queue.push(job);
    this.launchQueued();
    this.notify(request.key);
    return job.snapshot();
  }

  /** Models download a few at a time (bandwidth is shared anyway); the others wait `queued`. */
  private launchQueued(): void {
    const limit = this.options.maxConcurrentJobs ?? 2;
    while (this.queue.length > 0 && [...this.jobs.values()].filter((j) => j.state === 'running').length < limit) {
      const job = this.queue.shift()!;
      if (job.signal.aborted || this.jobs.get(job.key) !== job) continue;
      void job.run().then((outcome) => {
        if (outcome !== 'stopped') this.setPending(job.key, false);
        this.launchQueued();
      });
    }
  }

  /** Stops the download within a second; keeps partial files for a resume unless `purge`. */
  async cancel(request: DownloadRequest, purge: boolean): Promise<void> {
    const job = this.jobs.get(request.key);
    if (job && (job.state === 'running' || job.state === 'queued')) {
      job.abort(new JobCancelled());
      await job.settled(1000);
    }
    this.jobs.delete(request.key);
    this.launchQueued();
    this.setPending(request.key, false);
    if (purge) this.removePartials(request, job?.manifests);
    this.notify(request.key);
  }

  /** A `download.progressed` message with the model's state, at most one per interval. */
  private notify(key: string): void {
    let throttle = this.throttles.get(key);
    if (!throttle) {
      throttle = new Throttle(this.options.progressIntervalMs ?? 250, () => this.options.events.publish({ type: 'download.progressed', model: key, download: this.state(key) }));
      this.throttles.set(key, throttle);
    }
    throttle.request();
  }

  /** The gateway is stopping: stop every job but remember it for the next start. */
  async stopAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.state === 'running' || j.state === 'queued');
    for (const job of running) job.abort(new JobCancelled('stopped'));
    await Promise.all(running.map((j) => j.settled(1000)));
  }

  /** Resumes the downloads that were running when the gateway last stopped. */
  resumePending(lookup: (key: string) => DownloadRequest | undefined): string[] {
    const resumed: string[] = [];
    for (const key of this.readPending()) {
      const request = lookup(key);
      if (!request) {
        this.setPending(key, false);
        continue;
      }
      this.start(request);
      resumed.push(key);
    }
    return resumed;
  }

  /** Removes `.incomplete` files (and their sidecars) of the model's repos. */
  removePartials(request: DownloadRequest, manifests?: readonly RepoManifest[]): void {
    const { cache } = this.options;
    for (const ref of request.repos) {
      const manifest = manifests?.find((m) => m.repo === ref.repo);
      if (manifest) {
        for (const f of manifest.wanted) removePartial(cache.incompletePath(ref.repo, f.blobId));
        continue;
      }
      const dir = join(cache.repoDir(ref.repo), 'blobs');
      let names: string[] = [];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of names) if (/\.incomplete(\.json(\.\d+\.tmp)?)?$/.test(name)) rmSync(join(dir, name), { force: true });
    }
  }

  private async transfer(job: DownloadJob, work: FileWork): Promise<void> {
    const { cache, retry = DEFAULT_RETRY, stallMs = 30_000, partBytes = 32 << 20, maxParts = 4, metadata, logger } = this.options;
    const { manifest, file, label } = work;
    const dest = cache.blobPath(manifest.repo, file.blobId);
    const url = `${metadata.hubUrl}/${manifest.repo}/resolve/${manifest.commit}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
    const hash = file.sha256 ? { kind: 'sha256' as const, hex: file.sha256 } : /^[0-9a-f]{40}$/.test(file.blobId) ? { kind: 'git-sha1' as const, hex: file.blobId } : null;
    const lock = join(cache.root, '.locks', cache.repoDir(manifest.repo).slice(cache.root.length + 1), `${file.blobId}.passerelle.lock`);
    await this.transfers.join(dest, job.signal, (signal) => withBlobLock(lock, {
      signal, pollMs: this.options.lockPollMs,
      onWait: () => logger.info({ model: job.key, file: label, lock }, 'another process is downloading this file; waiting for it'),
    }, async () => {
      // The other process may have finished it while we waited.
      if (cache.hasBlob(manifest.repo, file.blobId, file.size)) return;
      await transferBlob(
        { repo: manifest.repo, path: file.path, url, size: file.size, hash, incomplete: cache.incompletePath(manifest.repo, file.blobId), dest },
        {
          hubUrl: metadata.hubUrl, token: this.options.token(), signal, retry, stallMs, partBytes, maxParts,
          onBytes: (delta, fromNetwork) => job.addBytes(label, delta, fromNetwork),
          onRetry: (reason, delayMs) => logger.warn({ model: job.key, file: label, reason, delayMs }, 'download retried'),
        },
      );
    }));
  }

  private readPending(): string[] {
    if (!this.options.pendingFile) return [];
    try {
      const parsed = JSON.parse(readFileSync(this.options.pendingFile, 'utf8')) as { pending?: unknown };
      return Array.isArray(parsed.pending) ? parsed.pending.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }

  private setPending(key: string, pending: boolean): void {
    if (!this.options.pendingFile) return;
    const keys = new Set(this.readPending());
    if (pending === keys.has(key)) return;
    if (pending) keys.add(key);
    else keys.delete(key);
    try {
      writeFileAtomic(this.options.pendingFile, JSON.stringify({ pending: [...keys] }), 0o600);
    } catch (err) {
      this.options.logger.warn({ err }, 'cannot save the list of running downloads; they will not resume after a restart');
    }
  }
}

export function asGatewayError(err: unknown): GatewayError {
  if (isGatewayError(err)) return err;
  return new GatewayError('download_failed', `The download failed unexpectedly (${(err as Error)?.message ?? String(err)}).`, {
    hint: 'Start it again (it resumes); the gateway log has the details.', cause: err,
  });
}
