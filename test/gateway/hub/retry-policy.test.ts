import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, retryDelayMs, sleep } from '../../../gateway/hub/retry-policy';

const policy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };

describe('retry policy', () => {
  afterEach(() => vi.useRealTimers());
  it('backs off exponentially with half jitter, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(policy, n, undefined, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect([1, 2, 6].map((n) => retryDelayMs(policy, n, undefined, () => 1))).toEqual([1000, 2000, 30_000]);
  });
  it('honours Retry-After, capped so a hostile value cannot park a download', () => {
    expect(retryDelayMs(policy, 1, 3)).toBe(3000);
    expect(retryDelayMs(policy, 1, 86_400)).toBe(30_000);
    expect(parseRetryAfter('7')).toBe(7);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
  it('sleep waits on the (fake) clock and stops at once on abort', async () => {
    vi.useFakeTimers();
    let done = false;
    const p = sleep(1000).then(() => { done = true; });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
    const controller = new AbortController();
    const aborted = sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
  });
});
