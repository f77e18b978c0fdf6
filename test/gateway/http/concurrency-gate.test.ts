import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyGate } from '../../../gateway/http/concurrency-gate';
import type { GatewayError } from '../../../gateway/errors';

describe('concurrency gate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets `limit` through, queues up to `queueLimit` in order, and refuses the rest at once with Retry-After', async () => {
    const gate = new ConcurrencyGate('qwen', 2, 1, 60_000);
    const signal = new AbortController().signal;
    const a = await gate.acquire(signal);
    await gate.acquire(signal);
    const queued = gate.acquire(signal);
    const refused = await gate.acquire(signal).catch((e: unknown) => e as GatewayError);
    expect(refused).toMatchObject({ code: 'server_overloaded', retryAfterSeconds: 1 });
    expect(gate.queued).toBe(1);
    a();
    a(); // a second release of the same slot is a no-op
    const c = await queued;
    expect(gate.running).toBe(2);
    expect(gate.queued).toBe(0);
    c();
    expect(gate.running).toBe(1);
  });

  it('gives up on a queued request after the queue timeout, and forgets one whose client left', async () => {
    const gate = new ConcurrencyGate('qwen', 1, 5, 2000);
    await gate.acquire(new AbortController().signal);
    const timedOut = gate.acquire(new AbortController().signal).catch((e: unknown) => e as GatewayError);
    const client = new AbortController();
    const left = gate.acquire(client.signal).catch((e: unknown) => e);
    client.abort(new Error('client gone'));
    expect(String(await left)).toContain('client gone');
    expect(gate.queued).toBe(1);
    vi.advanceTimersByTime(2000);
    expect(await timedOut).toMatchObject({ code: 'server_overloaded', retryAfterSeconds: 2 });
    expect(gate.queued).toBe(0);
  });

  it('refuses at once a request whose signal has already aborted, taking no slot and no queue place', async () => {
    const gate = new ConcurrencyGate('qwen', 1, 5, 60_000);
    const gone = new AbortController();
    gone.abort(new Error('client gone'));
    expect(String(await gate.acquire(gone.signal).catch((e: unknown) => e))).toContain('client gone');
    expect(gate.running).toBe(0);
    await gate.acquire(new AbortController().signal);
    expect(String(await gate.acquire(gone.signal).catch((e: unknown) => e))).toContain('client gone');
    expect(gate.queued).toBe(0);
  });
});
