import { afterEach, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { streamsDrained } from '../../../main/gateway-host/streams-drained';

afterEach(() => {
  vi.useRealTimers();
});

describe('streamsDrained', () => {
  it('waits for every stream to end', async () => {
    const a = new PassThrough();
    const b = new PassThrough();
    a.resume();
    b.resume();
    let done = false;
    const p = streamsDrained([a, b, null], 10_000).then(() => (done = true));
    a.end();
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    b.end();
    await p;
    expect(done).toBe(true);
  });

  it('gives up waiting after the cap', async () => {
    vi.useFakeTimers();
    let done = false;
    const p = streamsDrained([new PassThrough()], 250).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(249);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
  });
});
