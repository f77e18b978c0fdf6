import type { DiagnosticCheck } from '../contract/diagnostics';
import type { CheckResult, DiagnosticCheckDef } from './diagnostic-check';
import type { DiagnosticsContext } from './diagnostics-context';

const DEFAULT_TIMEOUT_MS = 5000;

class CheckTimeout extends Error {}

/** Runs every check in parallel, each bounded by its timeout; a failing check is a row, not an error. */
export function runChecks(checks: readonly DiagnosticCheckDef[], ctx: DiagnosticsContext): Promise<DiagnosticCheck[]> {
  return Promise.all(checks.map((check) => runOne(check, ctx)));
}

async function runOne(check: DiagnosticCheckDef, ctx: DiagnosticsContext): Promise<DiagnosticCheck> {
  const started = performance.now();
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  let result: CheckResult;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CheckTimeout()), timeoutMs);
    });
    result = await Promise.race([Promise.resolve().then(() => check.run(ctx)), timeout]);
  } catch (err) {
    result = err instanceof CheckTimeout
      ? { status: 'fail', message: `The check did not finish within ${timeoutMs < 1000 ? (timeoutMs / 1000).toFixed(1) : Math.round(timeoutMs / 1000)} s.`, fix: 'Retry; if it repeats, the tool it runs hangs on this host (see the gateway log).' }
      : { status: 'fail', message: `The check itself failed: ${err instanceof Error ? err.message : String(err)}`, fix: 'Retry; if it repeats, report it with the gateway log.' };
    ctx.logger.warn({ check: check.id, err }, 'diagnostic check failed');
  } finally {
    clearTimeout(timer);
  }
  return { id: check.id, title: check.title, ...result, durationMs: Math.round((performance.now() - started) * 10) / 10 };
}
