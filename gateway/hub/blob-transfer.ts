import type { FileHandle } from 'node:fs/promises';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { GatewayError } from '../errors';
import type { HashKind, Part } from './part-range';
import { WorkerHasher } from './hash-worker';
import { fetchPart, RangeUnsupported, type PartContext } from './part-fetch';
import { openPartial, planParts, removePartial, resumeState, saveState, sidecarPath, writeAll, type PartState } from './part-file';
import { retryDelayMs, sleep, type RetryPolicy } from './retry-policy';

/** One blob to fetch into the cache. */
export interface BlobTarget {
  repo: string;
  path: string;
  url: string;
  size: number;
  /** What the content must hash to (sha256 of an LFS file, git sha1 of a small one); null: size only. */
  hash: { kind: HashKind; hex: string } | null;
  /** `blobs/<etag>.incomplete` and `blobs/<etag>`. */
  incomplete: string;
  dest: string;
}

export interface TransferOptions {
  hubUrl: string;
  token: string | null;
  signal: AbortSignal;
  retry: RetryPolicy;
  stallMs: number;
  /** Files of at least twice this size are fetched in ranges of about this size, in order. */
  partBytes: number;
  /** Ranges in flight at once. */
  maxParts: number;
  /** Bytes newly on disk (negative when a restart throws some away); `fromNetwork` false for resumed bytes. */
  onBytes(delta: number, fromNetwork: boolean): void;
  onRetry?(reason: string, delayMs: number): void;
}

const SAVE_EVERY_MS = 250;

class ChecksumMismatch extends Error {}

/**
 * Downloads one blob: resumes what a previous run left, fetches the missing ranges in parallel,
 * hashes while the bytes arrive, checks size and digest, and renames into place. A digest that
 * does not match throws the file away and starts again, up to the retry limit; then
 * checksum_mismatch, with nothing renamed into place.
 */
export async function transferBlob(target: BlobTarget, options: TransferOptions): Promise<void> {
  mkdirSync(dirname(target.incomplete), { recursive: true });
  for (let attempt = 1; ; attempt++) {
    try {
      await transferOnce(target, options);
      return;
    } catch (err) {
      if (!(err instanceof ChecksumMismatch)) throw err;
      removePartial(target.incomplete);
      if (attempt >= options.retry.maxAttempts) {
        throw new GatewayError('checksum_mismatch', `${target.path} of ${target.repo} did not match its ${target.hash?.kind} after ${attempt} downloads (${err.message}); it was deleted, nothing was put in place.`, {
          hint: 'The hub or a proxy corrupts this file: check HF_ENDPOINT and any proxy, then start the download again.',
        });
      }
      options.onRetry?.(err.message, 0);
      await sleep(retryDelayMs(options.retry, attempt), options.signal);
    }
  }
}

async function transferOnce(target: BlobTarget, options: TransferOptions): Promise<void> {
  const state = resumeState(target.incomplete, target.size, planParts(target.size, options.partBytes));
  const fd = await openPartial(target.incomplete);
  const session = new Session(target, options, fd, state);
  try {
    await session.start();
    await session.run();
    await session.verify();
  } finally {
    await session.close();
  }
  renameSync(target.incomplete, target.dest);
  rmSync(sidecarPath(target.incomplete), { force: true });
}

class Session {
  private readonly hasher: WorkerHasher | null;
  private readonly inner = new AbortController();
  private savedAt = 0;
  /** The server's validator, shared by the parts (If-Range) and kept in the sidecar. */
  private etag: string | null;
  private closed = false;

  constructor(private readonly target: BlobTarget, private readonly options: TransferOptions, private readonly fd: FileHandle, private state: PartState) {
    this.etag = state.etag;
    this.hasher = target.hash ? new WorkerHasher(target.incomplete, target.hash.kind, target.size, () => this.state.parts) : null;
  }

  async start(): Promise<void> {
    const have = this.state.parts.reduce((n, p) => n + (p.done - p.start), 0);
    if (have === 0 && (await this.fd.stat()).size > 0) await this.fd.truncate(0);
    if (have > 0) this.options.onBytes(have, false);
    saveState(this.target.incomplete, this.state);
    this.hasher?.kick();
  }

  async run(): Promise<void> {
    try {
      await this.runParts(this.state.parts);
    } catch (err) {
      if (!(err instanceof RangeUnsupported)) throw err;
      // The server ignores ranges: one stream from byte 0, the parts' bytes count for nothing.
      this.options.onBytes(-this.state.parts.reduce((n, p) => n + (p.done - p.start), 0), false);
      this.state = { ...this.state, parts: [{ start: 0, end: this.target.size, done: 0 }] };
      this.hasher?.reset();
      if ((await this.fd.stat()).size > 0) await this.fd.truncate(0);
      await this.runParts(this.state.parts, true);
    }
  }

  private async runParts(parts: Part[], single = parts.length === 1): Promise<void> {
    // After a fallback the parts signal is spent (it stopped the siblings); the lone stream uses the caller's.
    const ctx = this.context(single, this.inner.signal.aborted ? this.options.signal : this.inner.signal);
    let first: unknown;
    // maxParts connections, each taking the next part in file order as its previous one ends.
    const queue = [...parts].sort((a, b) => a.start - b.start);
    const runner = async (): Promise<void> => {
      for (let p = queue.shift(); p && first === undefined; p = queue.shift()) {
        await fetchPart(ctx, p).catch((err: unknown) => {
          if (first === undefined) {
            first = err;
            this.inner.abort(err);
          }
        });
      }
    };
    const running = Array.from({ length: Math.min(this.options.maxParts, queue.length) }, runner);
    const onOuterAbort = (): void => this.inner.abort(this.options.signal.reason);
    this.options.signal.addEventListener('abort', onOuterAbort, { once: true });
    try {
      await Promise.all(running);
    } finally {
      this.options.signal.removeEventListener('abort', onOuterAbort);
    }
    if (first !== undefined) throw first;
  }

  private context(single: boolean, signal: AbortSignal): PartContext {
    const { target, options } = this;
    const getEtag = (): string | null => this.etag;
    const setEtag = (value: string | null): void => {
      this.etag = value;
    };
    return {
      repo: target.repo, path: target.path, url: target.url, size: target.size, single,
      hubUrl: options.hubUrl, hubOrigin: new URL(options.hubUrl).origin, token: options.token,
      signal, retry: options.retry, stallMs: options.stallMs,
      get etag() { return getEtag(); },
      set etag(value) { setEtag(value); },
      write: (part, chunks, length) => this.write(part, chunks, length),
      restart: (part) => this.restart(part),
      onRetry: options.onRetry,
    };
  }

  private async write(part: Part, chunks: Buffer[], length: number): Promise<void> {
    const pos = part.done;
    await writeAll(this.fd, chunks, pos, this.target.incomplete);
    part.done += length;
    this.hasher?.wrote();
    this.options.onBytes(length, true);
    if (Date.now() - this.savedAt >= SAVE_EVERY_MS) this.save();
  }

  private restart(part: Part): void {
    this.options.onBytes(-(part.done - part.start), false);
    part.done = 0;
    this.hasher?.reset();
    this.save();
  }

  private save(): void {
    this.savedAt = Date.now();
    try {
      saveState(this.target.incomplete, { ...this.state, etag: this.etag });
    } catch {
      // The sidecar is an optimisation: without it, a resume restarts this file from its first gap.
    }
  }

  async verify(): Promise<void> {
    const { size } = await this.fd.stat();
    if (size !== this.target.size) throw new ChecksumMismatch(`${size} bytes on disk, expected ${this.target.size}`);
    if (!this.hasher || !this.target.hash) return;
    const hex = await this.hasher.digest();
    if (hex !== this.target.hash.hex) throw new ChecksumMismatch(`got ${hex.slice(0, 12)}…, expected ${this.target.hash.hex.slice(0, 12)}…`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hasher?.close();
    this.save();
    await this.fd.close().catch(() => undefined);
  }
}
