import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors';
import { openUrl, readErrorMessage } from './http-request';
import { hubFailureError } from './hub-errors';
import type { Part } from './part-range';
import { parseRetryAfter, retryDelayMs, sleep, TransientError, type RetryPolicy } from './retry-policy';

/** The server answered 200 to a range: parallel parts are impossible, fall back to one stream. */
export class RangeUnsupported extends Error {}

export interface PartContext {
  repo: string;
  path: string;
  url: string;
  size: number;
  /** True when the whole file is one part (a 200 answer is then simply the file from 0). */
  single: boolean;
  hubUrl: string;
  hubOrigin: string;
  token: string | null;
  signal: AbortSignal;
  retry: RetryPolicy;
  stallMs: number;
  /** If-Range validator: the server's ETag once seen. */
  etag: string | null;
  /** Writes bytes at part.done and advances it. */
  write(part: Part, chunks: Buffer[], length: number): Promise<void>;
  /** The server sent the whole file again: start this (single) part over from byte 0. */
  restart(part: Part): void;
  onRetry?(reason: string, delayMs: number): void;
}

const BATCH_BYTES = 1 << 20;

/** Fetches one part to its end, resuming after each transient failure with Range. */
export async function fetchPart(ctx: PartContext, part: Part): Promise<void> {
  let failures = 0;
  while (part.done < part.end) {
    const before = part.done;
    try {
      await fetchOnce(ctx, part);
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (!(err instanceof TransientError)) throw err;
      // A failure after progress starts the count again: only a dead link exhausts the retries.
      failures = part.done > before ? 1 : failures + 1;
      if (failures >= ctx.retry.maxAttempts) {
        throw new GatewayError('download_failed', `Downloading ${ctx.path} of ${ctx.repo} failed ${failures} times in a row (${err.message}).`, {
          hint: 'Check the network or HF_ENDPOINT, then start the download again: it resumes where it stopped.', cause: err,
        });
      }
      const delay = retryDelayMs(ctx.retry, failures, err.retryAfterSeconds);
      ctx.onRetry?.(err.message, delay);
      await sleep(delay, ctx.signal);
    }
  }
}

async function fetchOnce(ctx: PartContext, part: Part): Promise<void> {
  const attempt = new AbortController();
  const onAbort = (): void => attempt.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  // Re-armed at every chunk (16,000 per GiB): refresh() moves the one timer, no new one each time.
  const arm = (): void => {
    if (timer) return void timer.refresh();
    timer = setTimeout(() => {
      stalled = true;
      attempt.abort(new TransientError(`no byte for ${Math.round(ctx.stallMs / 1000)} s`));
    }, ctx.stallMs);
  };
  try {
    arm();
    const ranged = part.done > 0 || !ctx.single;
    const headers: Record<string, string> = ranged ? { range: `bytes=${part.done}-${part.end - 1}`, 'if-range': ctx.etag ?? '' } : {};
    if (!headers['if-range']) delete headers['if-range'];
    const { res } = await openUrl(ctx.url, { headers, token: ctx.token, hubOrigin: ctx.hubOrigin, signal: attempt.signal });
    await checkStatus(ctx, part, res, ranged);
    await stream(ctx, part, res, arm);
  } catch (err) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    if (stalled) throw new TransientError(`no byte for ${Math.round(ctx.stallMs / 1000)} s`);
    if (err instanceof GatewayError || err instanceof TransientError || err instanceof RangeUnsupported) throw err;
    throw new TransientError((err as Error).message || 'network error', undefined, { cause: err });
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

async function checkStatus(ctx: PartContext, part: Part, res: IncomingMessage, ranged: boolean): Promise<void> {
  const status = res.statusCode ?? 0;
  if (status === 200 || status === 206) {
    const etag = res.headers.etag;
    if (etag && !etag.startsWith('W/')) ctx.etag = etag;
  }
  if (status === 206) {
    const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers['content-range'] ?? '');
    if (!m) throw new TransientError('206 without a valid Content-Range');
    if (m[3] !== '*' && Number(m[3]) !== ctx.size) throw sizeMismatch(ctx, Number(m[3]));
    if (Number(m[1]) !== part.done) throw new TransientError(`asked for byte ${part.done}, got ${m[1]}`);
    return;
  }
  if (status === 200) {
    const length = Number(res.headers['content-length'] ?? NaN);
    if (Number.isFinite(length) && length !== ctx.size) {
      res.destroy();
      throw sizeMismatch(ctx, length);
    }
    if (ranged && !ctx.single) {
      res.destroy();
      throw new RangeUnsupported();
    }
    if (part.done > 0) ctx.restart(part);
    return;
  }
  if (status === 416) {
    res.destroy();
    const total = /\/(\d+)$/.exec(res.headers['content-range'] ?? '')?.[1];
    if (total !== undefined && Number(total) !== ctx.size) throw sizeMismatch(ctx, Number(total));
    ctx.restart(part);
    throw new TransientError('416: starting the file over');
  }
  if (status === 429 || status >= 500) {
    res.resume();
    throw new TransientError(`the hub answered ${status}`, parseRetryAfter(res.headers['retry-after'] as string | undefined));
  }
  const message = await readErrorMessage(res);
  throw hubFailureError(ctx.hubUrl, ctx.repo, { status, errorCode: res.headers['x-error-code'] as string | undefined, message }, !!ctx.token);
}

async function stream(ctx: PartContext, part: Part, res: IncomingMessage, onProgress: () => void): Promise<void> {
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async (): Promise<void> => {
    if (batchBytes === 0) return;
    if (part.done + batchBytes > part.end) throw sizeMismatch(ctx, part.done + batchBytes);
    const chunks = batch;
    const n = batchBytes;
    batch = [];
    batchBytes = 0;
    await ctx.write(part, chunks, n);
  };
  try {
    for await (const chunk of res) {
      onProgress();
      batch.push(chunk as Buffer);
      batchBytes += (chunk as Buffer).length;
      if (batchBytes >= BATCH_BYTES) await flush();
    }
  } finally {
    // What arrived before a cut is good: keep it, so the resume starts after it.
    await flush();
  }
  if (part.done < part.end) throw new TransientError(`the connection closed at byte ${part.done} of ${part.end}`);
}

function sizeMismatch(ctx: PartContext, served: number): GatewayError {
  return new GatewayError('download_failed', `The hub serves ${ctx.path} of ${ctx.repo} with ${served} bytes, but its file list says ${ctx.size}; nothing was renamed into place.`, {
    hint: 'The repo changed during the download or the mirror is inconsistent: start the download again; report it if it repeats.',
  });
}
