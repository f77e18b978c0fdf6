/**
 * What the model manager does when an engine dies without an unload (load body `restart`):
 * `no` leaves the model `failed` (a lazy gateway loads it again at the next request);
 * `on-failure` restarts it on the same GPUs with exponential backoff, at most `maxRestarts` times
 * in a row, then leaves it `failed` until an administrator loads it (no crash loop).
 */
export interface RestartPolicy {
  policy: 'no' | 'on-failure';
  maxRestarts: number;
}

export const DEFAULT_MAX_RESTARTS = 5;
export const NO_RESTART: RestartPolicy = { policy: 'no', maxRestarts: DEFAULT_MAX_RESTARTS };

export interface RestartBackoff {
  /** Delay before the first restart; doubles at each restart in a row. */
  initialMs: number;
  maxMs: number;
  /** An engine that served this long before dying starts the count again (a crash a day is not a loop). */
  stableAfterMs: number;
}

export const RESTART_BACKOFF: RestartBackoff = { initialMs: 1000, maxMs: 60_000, stableAfterMs: 10 * 60_000 };

/** The delay before restart number `attempt` (1-based) of a run of crashes. */
export function restartDelayMs(backoff: RestartBackoff, attempt: number): number {
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}

/** The policy of a load: the body's, else the one remembered with the last placement, else none. */
export function restartPolicyOf(request: { restart?: 'no' | 'on-failure'; maxRestarts?: number }, remembered: RestartPolicy | undefined): RestartPolicy {
  if (request.restart === undefined && request.maxRestarts === undefined) return remembered ?? NO_RESTART;
  return { policy: request.restart ?? remembered?.policy ?? 'no', maxRestarts: request.maxRestarts ?? remembered?.maxRestarts ?? DEFAULT_MAX_RESTARTS };
}

export function isRestartPolicy(v: unknown): v is RestartPolicy {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (o.policy === 'no' || o.policy === 'on-failure') && Number.isInteger(o.maxRestarts) && (o.maxRestarts as number) >= 1 && (o.maxRestarts as number) <= 100;
}
