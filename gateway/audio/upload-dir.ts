import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** Uploads older than this were left by a gateway that was killed mid-request (no upload lasts that long). */
export const STALE_UPLOAD_MS = 6 * 3600_000;

let swept: Promise<void> | null = null;

/** Where uploads wait while they are decoded: one directory, readable by this user only. */
export function uploadDir(): string {
  return join(tmpdir(), 'passerelle-uploads');
}

/**
 * A fresh path in the upload directory (made 0700 if needed); the client's file name plays no
 * part. The first call of the process also removes stale uploads a killed gateway left behind.
 */
export async function newUploadPath(): Promise<string> {
  const dir = uploadDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone; keep it private whatever created it.
  await chmod(dir, 0o700);
  swept ??= sweepStaleUploads(dir, Date.now() - STALE_UPLOAD_MS).then(() => undefined, () => undefined);
  return join(dir, `${randomUUID()}.upload`);
}

/** Removes `*.upload` files last written before `before` (ms since the epoch). */
export async function sweepStaleUploads(dir: string, before: number): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.upload')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtimeMs < before) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}
