import { mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** Where uploads wait while they are decoded: one directory, readable by this user only. */
export function uploadDir(): string {
  return join(tmpdir(), 'passerelle-uploads');
}

/** A fresh path in the upload directory (made 0700 if needed); the client's file name plays no part. */
export async function newUploadPath(): Promise<string> {
  const dir = uploadDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone; keep it private whatever created it.
  await chmod(dir, 0o700);
  return join(dir, `${randomUUID()}.upload`);
}
