import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, DiagnosticCheckDef } from '../diagnostic-check';
import { cacheDisk } from '../../gpu/host-info';

const GIB = 1024 ** 3;
/** The guide: "several tens of GB" for the cache. */
export const CACHE_WARN_FREE_BYTES = 20 * GIB;
export const CACHE_FAIL_FREE_BYTES = 1 * GIB;

/** MODEL_CACHE_DIR must be writable (downloads, the token file) with room for the models. */
export const modelCacheCheck: DiagnosticCheckDef = {
  id: 'model-cache',
  title: 'Model cache (MODEL_CACHE_DIR) writable, with free space',
  run(ctx) {
    const dir = ctx.config.modelCacheDir;
    const probe = join(dir, `.diagnostics-probe-${process.pid}`);
    try {
      writeFileSync(probe, 'probe');
      rmSync(probe);
    } catch (err) {
      return { status: 'fail', details: { path: dir }, message: `${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'}): downloads and the token file will fail.`, fix: 'Mount MODEL_CACHE_DIR read-write and owned by the gateway\'s user (Docker: -v host_dir:/models).' };
    }
    return judgeCacheSpace(dir, cacheDisk(dir));
  },
};

/** The verdict on a writable cache from its free space. */
export function judgeCacheSpace(dir: string, disk: { freeBytes: number | null; totalBytes: number | null }): CheckResult {
  const details = { path: dir, ...disk };
  if (disk.freeBytes === null) return { status: 'warn', details, message: `${dir} is writable; its free space cannot be read.` };
  const free = `${(disk.freeBytes / GIB).toFixed(1)} GiB free`;
  if (disk.freeBytes < CACHE_FAIL_FREE_BYTES) return { status: 'fail', details, message: `${dir} is writable but has only ${free}; downloads will fail with insufficient_storage.`, fix: 'Free space, purge unused models (DELETE /api/admin/models/{key}/cache), or move MODEL_CACHE_DIR to a larger disk.' };
  if (disk.freeBytes < CACHE_WARN_FREE_BYTES) return { status: 'warn', details, message: `${dir} is writable, ${free}; the models need several tens of GB.`, fix: 'Purge unused models or give the cache a larger disk.' };
  return { status: 'ok', details, message: `${dir} is writable, ${free}.` };
}
