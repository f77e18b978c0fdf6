import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelEntry } from '../../../../gateway/contract/models';
import type { StreamMessage } from '../../../../gateway/contract/events';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { generatedBytes } from '../../../fixtures/hub/hub-repo';

const BIG = generatedBytes(3_000_000, 5);

async function until(gw: TestGateway, key: string, done: (e: ModelEntry) => boolean): Promise<ModelEntry> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const entry = (await (await gw.admin(`/api/admin/models/${key}`)).json()) as ModelEntry;
    if (done(entry)) return entry;
    if (Date.now() > deadline) throw new Error(`${key}: condition not met; last ${JSON.stringify(entry.download)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('download cancel, resume and purge', async () => {
  const hub = await startTestHub({ repos: ['big/one', 'big/two'].map((id) => ({ id, files: [{ path: 'config.json', content: '{}' }, { path: 'model.onnx', content: BIG }] })) });
  const gw = await startTestGateway({ HF_ENDPOINT: hub.url });
  for (const [key, repo] of [['one', 'big/one'], ['two', 'big/two']]) {
    await gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key, repo, engine: 'nemo-tdt', task: 'transcription' }) });
  }
  const blobs = (repo: string) => readdirSync(join(gw.cacheDir, `models--${repo.replace('/', '--')}`, 'blobs'));

  it('cancels within a second, keeps the partial file, and resumes from it', async () => {
    hub.faults.throttleBytesPerSecond = 1_500_000;
    await gw.admin('/api/admin/models/one/download', { method: 'POST' });
    await until(gw, 'one', (e) => e.download.receivedBytes > 500_000);
    const t0 = performance.now();
    const res = await gw.admin('/api/admin/models/one/download', { method: 'DELETE' });
    expect(performance.now() - t0).toBeLessThan(1000);
    const entry = (await res.json()) as ModelEntry;
    expect(entry.download.state).toBe('idle');
    expect(entry.cache.state).toBe('partial');
    expect(blobs('big/one').some((n) => n.endsWith('.incomplete'))).toBe(true);
    const sentAtCancel = hub.served.get('big/one/model.onnx')!;
    expect(sentAtCancel).toBeLessThan(BIG.length);

    delete hub.faults.throttleBytesPerSecond;
    await gw.admin('/api/admin/models/one/download', { method: 'POST' });
    const done = await until(gw, 'one', (e) => e.download.state !== 'running');
    expect(done.download.state).toBe('done');
    expect(done.cache.state).toBe('complete');
    const resumed = hub.requests.filter((r) => r.path === '/cdn/big/one/model.onnx').at(-1)!;
    expect(resumed.range).toMatch(/^bytes=[1-9]\d*-2999999$/);
    expect(hub.served.get('big/one/model.onnx')!).toBeLessThan(BIG.length * 1.1);
    const events = (await (await gw.admin('/api/admin/events?model=one')).json()) as { events: { kind: string }[] };
    expect(events.events.map((e) => e.kind)).toEqual(['model.added', 'download.started', 'download.cancelled', 'download.started', 'download.completed']);
  });

  it('cancel with ?purge=true removes the partial files', async () => {
    hub.faults.throttleBytesPerSecond = 1_500_000;
    try {
      await gw.admin('/api/admin/models/two/download', { method: 'POST' });
      await until(gw, 'two', (e) => e.download.receivedBytes > 300_000);
      const res = await gw.admin('/api/admin/models/two/download?purge=true', { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(((await res.json()) as ModelEntry).download.state).toBe('idle');
      expect(blobs('big/two').filter((n) => n.includes('.incomplete'))).toEqual([]);
    } finally {
      delete hub.faults.throttleBytesPerSecond;
    }
  });

  it('sends progress on the event stream at most 4 times a second', async () => {
    // Timed where they leave the gateway (the SSE route writes each one as it is published).
    const messages: { at: number; message: StreamMessage }[] = [];
    const unsubscribe = gw.deps.events.subscribe((message) => messages.push({ at: performance.now(), message }));
    await gw.admin('/api/admin/models/two/cache', { method: 'DELETE' });
    hub.faults.throttleBytesPerSecond = 2_000_000;
    try {
      await gw.admin('/api/admin/models/two/download', { method: 'POST' });
      await until(gw, 'two', (e) => e.download.state === 'done');
    } finally {
      delete hub.faults.throttleBytesPerSecond;
    }
    await new Promise((r) => setTimeout(r, 300));
    unsubscribe();
    const progress = messages.filter((m) => m.message.type === 'download.progressed' && m.message.model === 'two');
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(249);
    const last = progress.at(-1)!.message;
    expect(last).toMatchObject({ download: { state: 'done', receivedBytes: BIG.length + 2, totalBytes: BIG.length + 2, files: [{ path: 'config.json' }, { path: 'model.onnx' }] } });
    const running = progress.find((m) => m.message.type === 'download.progressed' && m.message.download.bytesPerSecond > 0)!.message;
    expect(running).toMatchObject({ download: { state: 'running', etaSeconds: expect.any(Number) } });
    if (running.type === 'download.progressed') expect(running.download.files.find((f) => f.path === 'model.onnx')!.receivedBytes).toBeGreaterThan(0);
  });
});
