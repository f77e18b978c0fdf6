import { open, type FileHandle } from 'node:fs/promises';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { GatewayError } from '../errors';
import type { Part } from './part-range';

/**
 * `blobs/<etag>.incomplete` and, beside it, `<etag>.incomplete.json`: which byte ranges of the
 * file are on disk (parallel parts leave holes, so the file size alone does not say) and the
 * server's validator for If-Range. Python ignores both and overwrites them.
 */
export interface PartState {
  size: number;
  etag: string | null;
  parts: Part[];
}

export function sidecarPath(incomplete: string): string {
  return `${incomplete}.json`;
}

/** The most parts a file is cut into (bounds the sidecar, rewritten every 250 ms). */
const MAX_PARTS = 1024;

/**
 * Parts of about `partBytes`, in file order; a few are fetched at once, the next one starting as
 * one ends (blob-transfer.ts). Many parts rather than one per connection: the hash reads the
 * file's contiguous prefix, which then grows all along instead of only once the first quarter
 * of the file is done, so the digest is ready a part after the last byte, not a file later.
 */
export function planParts(size: number, partBytes: number): Part[] {
  const count = size >= 2 * partBytes ? Math.min(MAX_PARTS, Math.floor(size / partBytes)) : 1;
  const step = Math.ceil(size / count);
  const parts: Part[] = [];
  for (let start = 0; start < size || parts.length === 0; start += step) parts.push({ start, end: Math.min(size, start + step), done: start });
  return parts;
}

/** What a previous run left: its parts when the sidecar is sound, else the file's contiguous bytes. */
export function resumeState(incomplete: string, size: number, fresh: Part[]): PartState {
  const fileSize = sizeOf(incomplete);
  try {
    const saved = JSON.parse(readFileSync(sidecarPath(incomplete), 'utf8')) as PartState;
    if (saved.size === size && tiles(saved.parts, size) && saved.parts.every((p) => p.done <= fileSize || p.done === p.start)) {
      // One part is written in order: the file itself says how far it got, fresher than the sidecar.
      if (saved.parts.length === 1) saved.parts[0]!.done = Math.max(saved.parts[0]!.done, Math.min(fileSize, size));
      return saved;
    }
  } catch {
    // No sidecar (a single-stream download, or Python's): the file is one contiguous prefix.
  }
  if (fileSize > 0 && fileSize <= size) return { size, etag: null, parts: [{ start: 0, end: size, done: fileSize }] };
  return { size, etag: null, parts: fresh };
}

function tiles(parts: Part[], size: number): boolean {
  if (!Array.isArray(parts) || parts.length === 0) return false;
  let at = 0;
  for (const p of parts) {
    if (p.start !== at || p.end <= p.start || p.done < p.start || p.done > p.end) return false;
    at = p.end;
  }
  return at === size;
}

/**
 * Saved often, so no fsync: a crash of the process keeps what the kernel has; after a power loss
 * a stale sidecar only costs bytes fetched again, and the digest check catches the rest.
 */
export function saveState(incomplete: string, state: PartState): void {
  const file = sidecarPath(incomplete);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o644 });
  renameSync(tmp, file);
}

export function removePartial(incomplete: string): void {
  rmSync(incomplete, { force: true });
  rmSync(sidecarPath(incomplete), { force: true });
}

/** Opens the partial file for positional writes, creating it if needed. */
export async function openPartial(incomplete: string): Promise<FileHandle> {
  try {
    return await open(incomplete, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw storageError(err, incomplete);
    try {
      return await open(incomplete, 'w+', 0o644);
    } catch (err2) {
      throw storageError(err2, incomplete);
    }
  }
}

/** Writes all of `chunks` at `pos` (writev may write less than asked). */
export async function writeAll(fd: FileHandle, chunks: Buffer[], pos: number, path: string): Promise<void> {
  let rest = chunks;
  let at = pos;
  try {
    for (;;) {
      const total = rest.reduce((n, c) => n + c.length, 0);
      const { bytesWritten } = await fd.writev(rest, at);
      if (bytesWritten >= total) return;
      const flat = Buffer.concat(rest).subarray(bytesWritten);
      rest = [flat];
      at += bytesWritten;
    }
  } catch (err) {
    throw storageError(err, path);
  }
}

/** A full disk is the operator's to fix, not a retry; other write errors are too. */
export function storageError(err: unknown, path: string): GatewayError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new GatewayError('insufficient_storage', `The disk holding the model cache is full (${code} writing ${path}). The partial files of this download were removed.`, {
      hint: 'Free space in MODEL_CACHE_DIR (purge unused models with DELETE /api/admin/models/{key}/cache), then start the download again.', cause: err,
    });
  }
  return new GatewayError('download_failed', `Cannot write ${path} (${code ?? (err as Error).message}).`, {
    hint: 'Check that MODEL_CACHE_DIR is writable by the gateway.', cause: err,
  });
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
