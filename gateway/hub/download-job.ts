import type { DownloadState } from '../contract/models';
import type { TreeFile } from './cache';
import type { RepoManifest } from './hub-metadata';
import { DownloadProgress } from './download-progress';
import { GatewayError, isGatewayError } from '../errors';
import { removePartial } from './part-file';
import type { DownloaderOptions, DownloadRequest } from './downloader';

/** Why a job stopped when nobody failed: a cancel (`cancelled`) or the gateway stopping (`stopped`). */
export class JobCancelled extends Error {
  constructor(readonly reason: 'cancelled' | 'stopped' = 'cancelled') {
    super(`download ${reason}`);
    this.name = 'JobCancelled';
  }
}

export interface FileWork {
  manifest: RepoManifest;
  file: TreeFile;
  /** The file as the progress shows it: its path, prefixed by the repo's role for multi-repo models. */
  label: string;
}

/** One model's download: resolve each repo, then fetch the missing files a few at a time. */
export class DownloadJob {
  state: DownloadState['state'] = 'queued';
  manifests: RepoManifest[] = [];
  private readonly controller = new AbortController();
  private readonly progress = new DownloadProgress();
  private error: GatewayError | undefined;
  private done: Promise<unknown> = Promise.resolve();
  readonly key: string;

  constructor(
    private readonly request: DownloadRequest,
    private readonly options: DownloaderOptions,
    private readonly transfer: (job: DownloadJob, work: FileWork) => Promise<void>,
    /** Asks for a progress message; the downloader sends at most 4 per second per model. */
    private readonly notify: () => void,
  ) {
    this.key = request.key;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  snapshot(): DownloadState {
    return this.progress.snapshot(this.state, this.error?.toErrorObject());
  }

  addBytes(label: string, delta: number, fromNetwork: boolean): void {
    this.progress.add(label, delta, fromNetwork);
    this.notify();
  }

  abort(reason: JobCancelled): void {
    this.controller.abort(reason);
  }

  /** Waits for the job to stop, at most `ms`. */
  async settled(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise((resolve) => { timer = setTimeout(resolve, ms); })]);
    clearTimeout(timer);
  }

  /** Runs to the end; says how it ended ('stopped' = the gateway is stopping, resume later). */
  run(): Promise<'done' | 'failed' | 'cancelled' | 'stopped'> {
    const running = this.execute();
    this.done = running.catch(() => undefined);
    return running;
  }

  private async execute(): Promise<'done' | 'failed' | 'cancelled' | 'stopped'> {
    const { events } = this.options;
    const started = Date.now();
    this.state = 'running';
    events.record({ level: 'info', kind: 'download.started', model: this.key, message: `Download of ${this.key} started (${this.request.repos.map((r) => `${r.repo}@${r.revision}`).join(', ')}).` });
    try {
      const work = await this.resolve();
      this.notify();
      await this.fetchAll(work);
      this.state = 'done';
      const seconds = (Date.now() - started) / 1000;
      events.record({ level: 'info', kind: 'download.completed', model: this.key, message: `Download of ${this.key} completed: ${formatBytes(this.progress.totalBytes)} in ${seconds.toFixed(1)} s.`, data: { totalBytes: this.progress.totalBytes, transferredBytes: this.progress.transferredBytes, seconds } });
      return 'done';
    } catch (err) {
      return this.settle(err);
    } finally {
      this.notify();
    }
  }

  private settle(err: unknown): 'failed' | 'cancelled' | 'stopped' {
    const { events, logger } = this.options;
    const reason = this.signal.aborted ? this.signal.reason : undefined;
    if (reason instanceof JobCancelled) {
      // Not a failure: the partial files wait for the next start.
      this.state = 'idle';
      if (reason.reason === 'cancelled') {
        events.record({ level: 'info', kind: 'download.cancelled', model: this.key, message: `Download of ${this.key} cancelled at ${formatBytes(this.progress.receivedBytes)} of ${formatBytes(this.progress.totalBytes)}.` });
      }
      return reason.reason;
    }
    const error = isGatewayError(err) ? err : new GatewayError('download_failed', `The download of ${this.key} failed unexpectedly.`, { hint: 'Start it again (it resumes); the gateway log has the details.', cause: err });
    if (!isGatewayError(err)) logger.error({ err, model: this.key }, 'download failed unexpectedly');
    this.error = error;
    this.state = 'failed';
    events.record({ level: 'error', kind: 'download.failed', model: this.key, message: error.message, hint: error.hint, data: { code: error.code } });
    return 'failed';
  }

  private async resolve(): Promise<FileWork[]> {
    const { cache, metadata, token } = this.options;
    const work: FileWork[] = [];
    const multi = this.request.repos.length > 1;
    for (const ref of this.request.repos) {
      const manifest = await metadata.manifest(ref, token(), this.signal);
      if (manifest.wanted.length === 0) {
        throw new GatewayError('download_failed', `No file of ${ref.repo}@${ref.revision} matches the patterns ${JSON.stringify(ref.files ?? [])}.`, { hint: 'Fix the file patterns of the model (DELETE and POST /api/admin/models).' });
      }
      this.manifests.push(manifest);
      cache.writeRef(ref.repo, ref.revision, manifest.commit);
      cache.writeTree(ref.repo, manifest.commit, manifest.files);
      for (const file of manifest.wanted) {
        const label = multi ? `${ref.role ?? ref.repo}/${file.path}` : file.path;
        const present = cache.isInSnapshot(ref.repo, manifest.commit, file);
        this.progress.addFile(label, file.size, present ? file.size : 0);
        if (!present) work.push({ manifest, file, label });
      }
    }
    return work;
  }

  /** A few files at a time; the first failure stops the others. */
  private async fetchAll(work: FileWork[]): Promise<void> {
    const queue = [...work];
    let first: unknown;
    const worker = async (): Promise<void> => {
      for (let w = queue.shift(); w && first === undefined; w = queue.shift()) {
        try {
          await this.fetchOne(w);
        } catch (err) {
          if (first === undefined) first = this.signal.aborted ? this.signal.reason : err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.fileConcurrency ?? 4, work.length) }, worker));
    if (this.signal.aborted) throw this.signal.reason;
    if (first !== undefined) {
      if (isGatewayError(first) && first.code === 'insufficient_storage') this.removePartials();
      throw first;
    }
  }

  private async fetchOne({ manifest, file, label }: FileWork): Promise<void> {
    const { cache } = this.options;
    if (!cache.hasBlob(manifest.repo, file.blobId, file.size)) await this.transfer(this, { manifest, file, label });
    cache.linkSnapshot(manifest.repo, manifest.commit, file.path, file.blobId);
    this.progress.complete(label);
    this.notify();
  }

  private removePartials(): void {
    const { cache } = this.options;
    for (const m of this.manifests) for (const f of m.wanted) removePartial(cache.incompletePath(m.repo, f.blobId));
  }
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}
