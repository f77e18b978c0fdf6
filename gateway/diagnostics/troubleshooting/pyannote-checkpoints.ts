import type { CheckResult, DiagnosticCheckDef } from '../diagnostic-check';
import { cacheDisk } from '../../gpu/host-info';

const CAUSE = 'Incomplete cache (the original also cites unresolved `$MODEL` references).';
const FIX = 'Force the download again (POST /api/admin/models/pyannote/download), and check the disk space of MODEL_CACHE_DIR.';
const GIB = 1024 ** 3;

/** Guide row « Pyannote ne trouve pas ses checkpoints ». */
export const pyannoteCheckpointsCheck: DiagnosticCheckDef = {
  id: 'troubleshooting.pyannote-checkpoints',
  title: 'Pyannote cannot find its checkpoints',
  async run(ctx): Promise<CheckResult> {
    if (!ctx.sources.modelCache) {
      return { status: 'warn', message: 'Not available yet: the model catalog does not report cache states to diagnostics in this build.', fix: 'See the Models page for pyannote\'s cache state.' };
    }
    const cache = await ctx.sources.modelCache('pyannote');
    if (cache === null) return { status: 'ok', message: 'No pyannote model in the catalog.' };
    const free = cacheDisk(ctx.config.modelCacheDir).freeBytes;
    const details = { state: cache.state, missingFiles: cache.missingFiles ?? [], cacheFreeBytes: free };
    if (cache.state === 'complete') return { status: 'ok', details, message: 'Every pyannote checkpoint (segmentation and embedding) is in the cache.' };
    if (cache.state === 'absent') return { status: 'ok', details, message: 'pyannote is not downloaded; it will be needed for diarization (download it from the Models page).' };
    const missing = cache.missingFiles?.length ? `: missing ${cache.missingFiles.slice(0, 5).join(', ')}${cache.missingFiles.length > 5 ? '…' : ''}` : '';
    const disk = free !== null ? ` ${(free / GIB).toFixed(1)} GiB free in the cache.` : '';
    return { status: 'fail', details, cause: CAUSE, fix: FIX, message: `pyannote's cache is incomplete${missing}.${disk}` };
  },
};
