import type { CheckResult, DiagnosticCheckDef } from '../diagnostic-check';
import type { DownloadProbe } from '../diagnostics-context';
import { probeHfToken } from '../checks/hf-token';
import { findStalledPartials } from './stalled-partials';

const CAUSE = 'Hugging Face token missing or wrong.';
const FIX = 'Check HUGGINGFACE_TOKEN; update the token in the admin UI (Keys page, or PUT /api/admin/hf-token), then start the download again.';
const TOKEN_CODES = new Set(['gated_repo', 'hf_token_invalid', 'hf_token_required']);
/** A running download with no byte after this long is "stuck at 0 %". */
export const STUCK_AFTER_SECONDS = 60;

/** Guide row « Téléchargement bloqué à 0 % ». */
export const downloadStuckCheck: DiagnosticCheckDef = {
  id: 'troubleshooting.download-stuck',
  title: 'Download stuck at 0 % (« Téléchargement bloqué à 0 % »)',
  timeoutMs: 12_000,
  async run(ctx): Promise<CheckResult> {
    // Jobs refused for their token (downloader), and partial blobs still at 0 bytes (the cache itself).
    const jobs = ctx.sources.downloads ? stuckJobs(await ctx.sources.downloads()) : [];
    const stuck = [...jobs, ...findStalledPartials(ctx.config.modelCacheDir, STUCK_AFTER_SECONDS).map((p) => p.file)];
    if (stuck.length === 0) return { status: 'ok', message: 'No download is stuck at 0 % or refused for its token.' };
    const token = await probeHfToken(ctx);
    const details = { stuck, tokenConfigured: token.configured, tokenValid: token.valid };
    if (!token.configured || token.valid === false) {
      return { status: 'fail', details, cause: CAUSE, fix: FIX, message: `${stuck.length} download(s) stuck at 0 % (${stuck.join(', ')}) and the token is ${token.configured ? 'refused by the hub' : 'not set'}.` };
    }
    return {
      status: 'warn', details, message: `${stuck.length} download(s) stuck at 0 % (${stuck.join(', ')}); the token is set${token.valid ? ' and valid' : ''}.`,
      cause: `${CAUSE} With a valid token: no access granted to this gated repo, or the hub is unreachable.`,
      fix: `${FIX} Accept the model's conditions on huggingface.co, and check that the gateway reaches HF_ENDPOINT.`,
    };
  },
};

function stuckJobs(jobs: DownloadProbe[]): string[] {
  return jobs
    .filter((j) => (j.state === 'running' && j.receivedBytes === 0 && (j.runningSeconds ?? 0) >= STUCK_AFTER_SECONDS)
      || (j.state === 'failed' && j.receivedBytes === 0 && j.errorCode !== undefined && TOKEN_CODES.has(j.errorCode)))
    .map((j) => j.model);
}
