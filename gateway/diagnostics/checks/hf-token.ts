import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, DiagnosticCheckDef } from '../diagnostic-check';
import type { DiagnosticsContext, HfTokenProbe } from '../diagnostics-context';

const SET_IT = 'Set HUGGINGFACE_TOKEN, or save a token on the Keys page (PUT /api/admin/hf-token); gated repos (pyannote, some NeMo models) need one with access granted on huggingface.co.';

/**
 * The token as the hub's token store reports it (validated with whoami), when that service is
 * wired; otherwise only whether one is set (environment, or MODEL_CACHE_DIR/.hf_token as the guide says).
 */
export async function probeHfToken(ctx: DiagnosticsContext): Promise<HfTokenProbe & { checked: boolean }> {
  if (ctx.sources.hfToken) return { ...(await ctx.sources.hfToken()), checked: true };
  return { configured: ctx.config.huggingfaceToken !== null || fileHasBytes(join(ctx.config.modelCacheDir, '.hf_token')), valid: null, checked: false };
}

function fileHasBytes(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}

export const hfTokenCheck: DiagnosticCheckDef = {
  id: 'hf-token',
  title: 'Hugging Face token',
  timeoutMs: 12_000,
  async run(ctx): Promise<CheckResult> {
    const token = await probeHfToken(ctx);
    if (!token.configured) return { status: 'warn', message: 'Not configured: public models download, gated ones (pyannote) are refused.', fix: SET_IT };
    if (!token.checked) return { status: 'warn', message: 'A token is set, but its validity is not checked: the token service is not available to diagnostics yet.', fix: 'Check it on the Keys page (it is validated when saved).' };
    if (token.valid === true) return { status: 'ok', details: { user: token.user }, message: `Valid${token.user ? ` for ${token.user}` : ''}.` };
    if (token.valid === false) return { status: 'fail', message: `The token is refused by the hub${token.error ? `: ${token.error}` : ''}.`, fix: SET_IT };
    return { status: 'warn', message: `A token is set but could not be checked${token.error ? `: ${token.error}` : ''}.`, fix: 'Check that the gateway reaches HF_ENDPOINT (proxy, firewall), then retry.' };
  },
};
