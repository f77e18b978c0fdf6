import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventStream } from '../../../renderer/api/event-stream';
import type { StreamMessage } from '../../../gateway/contract/events';

/** A fetch that answers each call with the next scripted stream (or failure), recording headers. */
function scriptedFetch(script: Array<string[] | Error | number>) {
  const calls: Headers[] = [];
  const impl: typeof fetch = async (_url, init) => {
    calls.push(new Headers(init?.headers));
    const step = script.shift();
    if (step === undefined) return new Promise<Response>(() => undefined);
    if (step instanceof Error) throw step;
    if (typeof step === 'number') return new Response('{}', { status: step });
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of step) c.enqueue(new TextEncoder().encode(chunk));
        c.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return { impl, calls };
}

const runtime = (id: number) => `id: ${id}\nevent: runtime\ndata: ${JSON.stringify({ type: 'runtime', event: { id, time: '2026-01-01T00:00:00Z', level: 'info', kind: 'key.created', message: `e${id}` } })}\n\n`;

describe('EventStream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the token, reconnects with backoff and Last-Event-ID, and resyncs after a gap', async () => {
    const { impl, calls } = scriptedFetch([[runtime(1), runtime(2)], new Error('connection refused'), 503, [`event: resync\ndata: {"type":"resync","reason":"gone"}\n\n`]]);
    const messages: StreamMessage[] = [];
    let resyncs = 0;
    const statuses: string[] = [];
    const stream = new EventStream({
      credentials: () => ({ baseUrl: 'http://gw', adminToken: 'tok', apiKey: null }),
      onMessage: (m) => messages.push(m),
      onResync: () => { resyncs += 1; },
      onStatus: (s) => statuses.push(s),
      fetchImpl: impl,
      minDelayMs: 1000,
    });
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(messages.map((m) => m.type === 'runtime' && m.event.id)).toEqual([1, 2]);
    expect(calls[0]!.get('authorization')).toBe('Bearer tok');
    expect(calls[0]!.get('last-event-id')).toBeNull();
    // Stream ended → retry after 1 s; refused → 2 s; 503 → 4 s.
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.get('last-event-id')).toBe('2');
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(3999);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(4);
    // Re-opened after a gap: one resync for the reconnect, one for the gateway's resync message.
    expect(resyncs).toBe(2);
    expect(statuses).toContain('retrying');
    stream.stop();
    expect(statuses.at(-1)).toBe('closed');
  });

  it('drops a stream that goes silent (a half-open connection) and reopens it from the last id', async () => {
    let pings: ReadableStreamDefaultController<Uint8Array> | null = null;
    const calls: Headers[] = [];
    let isCancelled = false;
    const impl: typeof fetch = async (_url, init) => {
      calls.push(new Headers(init?.headers));
      if (calls.length > 1) return new Promise<Response>(() => undefined);
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          pings = c;
          c.enqueue(new TextEncoder().encode(runtime(7)));
        },
        cancel() {
          isCancelled = true;
        },
      });
      return new Response(body, { status: 200 });
    };
    const details: string[] = [];
    const stream = new EventStream({
      credentials: () => ({ baseUrl: '', adminToken: 't', apiKey: null }), onMessage: () => undefined, onResync: () => undefined,
      onStatus: (_s, d) => void (d && details.push(d)), fetchImpl: impl, minDelayMs: 1000, stallMs: 45_000,
    });
    stream.start();
    await vi.advanceTimersByTimeAsync(30_000);
    pings!.enqueue(new TextEncoder().encode(': ping\n\n'));
    // A ping resets the watchdog: 44 s after it the stream is still the first one.
    await vi.advanceTimersByTimeAsync(44_000);
    expect(isCancelled).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(isCancelled).toBe(true);
    expect(details.at(-1)).toContain('no data for 45 s');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.get('last-event-id')).toBe('7');
    stream.stop();
  });

  it('skips messages of types it does not know', async () => {
    const { impl } = scriptedFetch([[`event: future\ndata: {"type":"future.thing"}\n\n`, runtime(5)]]);
    const messages: StreamMessage[] = [];
    const stream = new EventStream({ credentials: () => ({ baseUrl: '', adminToken: 't', apiKey: null }), onMessage: (m) => messages.push(m), onResync: () => undefined, fetchImpl: impl });
    stream.start();
    await vi.advanceTimersByTimeAsync(0);
    stream.stop();
    expect(messages).toHaveLength(1);
  });
});
