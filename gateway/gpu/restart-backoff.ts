export interface BackoffPolicy {
  /** First restart delay after nvidia-smi exits. */
  initialMs: number;
  /** Cap of the exponential delay. */
  maxMs: number;
  /** Retry period when there is no driver at all: rare, since it seldom appears without a restart. */
  noDriverRetryMs: number;
  /** A run that sampled this long resets the backoff. */
  stableAfterMs: number;
}

/** initial · 2^failures, capped; a constant long period when no driver answers. */
export function restartDelayMs(policy: BackoffPolicy, failures: number, noDriver: boolean): number {
  if (noDriver) return policy.noDriverRetryMs;
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(failures, 30));
}
