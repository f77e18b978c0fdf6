import type { CheckResult, DiagnosticCheckDef } from '../diagnostic-check';

const CAUSE = 'API key missing or invalid.';
const FIX = 'Set the key in the UI (the dialog at the top right) or send the header `Authorization: Bearer <key>`; keys are on the Keys page.';

/** Guide row « API /v1 renvoie 401/403 »: reads the auth failures of the runtime log. */
export const apiAuthCheck: DiagnosticCheckDef = {
  id: 'troubleshooting.api-401',
  title: 'API /v1 answers 401/403',
  run(ctx): CheckResult {
    if (!ctx.events) return { status: 'warn', message: 'Not available: this gateway keeps no runtime log.' };
    const since = new Date(Date.now() - 3600_000).toISOString();
    const refused = ctx.events.query({ kind: 'auth.failed', since, limit: 5000 }).filter((e) => e.data?.scope === 'v1');
    if (refused.length === 0) return { status: 'ok', message: 'No /v1 request was refused in the last hour.' };
    const sources = [...new Set(refused.map((e) => String(e.data?.source ?? 'unknown')))];
    const reasons = [...new Set(refused.map((e) => String(e.data?.reason ?? 'invalid')))];
    return {
      status: 'warn', cause: CAUSE, fix: FIX, details: { refused: refused.length, sources: sources.slice(0, 10), reasons },
      message: `${refused.length} /v1 refusal(s) recorded in the last hour (${reasons.join(', ')}) from ${sources.slice(0, 3).join(', ')}${sources.length > 3 ? '…' : ''}.`,
    };
  },
};
