export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number;
  factor: number;
  maxMs: number;
  /** Consecutive failures after which the host stops restarting and says why. */
  maxConsecutiveFailures: number;
  /** A run that stayed up this long resets the failure count. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, factor: 2, maxMs: 30_000, maxConsecutiveFailures: 5, stableMs: 60_000 };

/** The delay before the restart that follows the n-th consecutive failure (n ≥ 1). */
export function restartDelayMs(policy: BackoffPolicy, failures: number): number {
  return Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, failures - 1));
}
