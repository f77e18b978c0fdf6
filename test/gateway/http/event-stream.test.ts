import { describe, expect, it, beforeAll } from 'vitest';
import { connect } from 'node:net';
import { startTestGateway, type TestGateway } from '../../helpers/in-process-gateway';

/** Reads SSE frames from a fetch response until `until` says stop. */
async function readFrames(res: Response, until: (frames: Array<{ event?: string; id?: string; data?: unknown }>) => boolean, timeoutMs = 5000) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const frames: Array<{ event?: string; id?: string; data?: unknown }> = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (!until(frames) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let split;
    while ((split = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const frame: { event?: string; id?: string; data?: unknown; comment?: boolean } = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = true;
        else if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('id: ')) frame.id = line.slice(4);
        else if (line.startsWith('data: ')) frame.data = JSON.parse(line.slice(6));
      }
      frames.push(frame);
    }
  }
  await reader.cancel();
  return frames;
}

describe('GET /api/events (server-sent events)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({}, { sseHeartbeatMs: 100, sseMaxBufferedBytes: 256 * 1024 });
  });
  const open = (headers: Record<string, string> = {}) => fetch(`${gw.url}/api/events`, { headers: { authorization: `Bearer ${gw.token}`, ...headers } });

  it('delivers runtime events live, with ids, and heartbeats', async () => {
    const res = await open();
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    setTimeout(() => gw.deps.events.record({ level: 'info', kind: 'model.loaded', model: 'canary', message: 'loaded' }), 50);
    const frames = await readFrames(res, (f) => f.some((x) => x.event === 'runtime') && f.some((x) => (x as { comment?: boolean }).comment));
    expect(frames.find((f) => f.event)).toMatchObject({ event: 'hello' });
    const runtime = frames.find((f) => f.event === 'runtime')!;
    expect(runtime.data).toMatchObject({ type: 'runtime', event: { kind: 'model.loaded', model: 'canary' } });
    expect(Number(runtime.id)).toBe((runtime.data as { event: { id: number } }).event.id);
  });

  it('replays what a reconnecting client missed (Last-Event-ID), or asks it to resync', async () => {
    const first = gw.deps.events.record({ level: 'info', kind: 'test.one', message: 'one' });
    gw.deps.events.record({ level: 'info', kind: 'test.two', message: 'two' });
    const res = await open({ 'last-event-id': String(first.id) });
    const frames = await readFrames(res, (f) => f.some((x) => x.event === 'runtime'));
    expect(frames.filter((f) => f.event === 'runtime').map((f) => (f.data as { event: { kind: string } }).event.kind)).toContain('test.two');
    expect(frames.filter((f) => f.event === 'runtime').map((f) => (f.data as { event: { kind: string } }).event.kind)).not.toContain('test.one');
    const stale = await open({ 'last-event-id': '0' });
    const staleFrames = await readFrames(stale, (f) => f.length >= 2);
    // id 0 predates everything but nothing was dropped yet, so it is a replay, not a resync.
    expect(staleFrames.some((f) => f.event === 'resync' || f.event === 'runtime')).toBe(true);
  });

  it('drops a client that stops reading, and the others keep receiving', async () => {
    const url = new URL(gw.url);
    const slow = connect(Number(url.port), url.hostname);
    slow.setNoDelay(true);
    await new Promise<void>((r) => slow.once('connect', () => r()));
    slow.write(`GET /api/events HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${gw.token}\r\n\r\n`);
    slow.pause(); // never reads: the kernel buffers fill, then the gateway's
    slow.on('error', () => {});
    while (gw.deps.events.subscriberCount < 1) await new Promise((r) => setTimeout(r, 10));
    const healthy = await open();
    while (gw.deps.events.subscriberCount < 2) await new Promise((r) => setTimeout(r, 10));
    const healthyFrames = readFrames(healthy, (f) => f.some((x) => x.event === 'runtime' && (x.data as { event: { kind: string } }).event.kind === 'test.last'), 20_000);
    const big = 'x'.repeat(16 * 1024);
    // Paced so that a client that reads keeps up; the one that does not read falls behind.
    for (let i = 0; i < 4000 && gw.deps.events.subscriberCount > 1; i++) {
      gw.deps.events.record({ level: 'debug', kind: 'test.flood', message: big });
      await new Promise((r) => setImmediate(r));
    }
    gw.deps.events.record({ level: 'info', kind: 'test.last', message: 'after the flood' });
    // A paused socket never sees the server's close: watch the server side instead.
    expect(gw.deps.events.subscriberCount).toBe(1);
    slow.destroy();
    expect((await healthyFrames).some((f) => f.event === 'runtime' && (f.data as { event: { kind: string } }).event.kind === 'test.last')).toBe(true);
    expect(gw.logs.text).toContain('event stream client dropped');
  }, 30_000);
});
