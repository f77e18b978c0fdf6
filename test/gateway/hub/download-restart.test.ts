import { afterAll, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../gateway/contract/models';
import { spawnGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/temp-dir';
import { startTestHub } from '../../fixtures/hub/hub-server';
import { generatedBytes } from '../../fixtures/hub/hub-repo';

// Large enough that what is in flight at the kill (socket buffers, one 1 MiB write batch) stays under 10 %.
const BIG = generatedBytes(32_000_000, 13);
const ADMIN = 'test-admin-token-0123456789';

// Runs the built CLI (node scripts/build.mjs gateway; npm test builds first), as an operator runs it.
describe('a gateway killed mid-download resumes after restart', async () => {
  const hub = await startTestHub({ repos: [{ id: 'big/restart', files: [{ path: 'config.json', content: '{}' }, { path: 'model.onnx', content: BIG }] }] });
  const cacheDir = tempDir('passerelle-restart-');
  const env = { HF_ENDPOINT: hub.url, MODEL_CACHE_DIR: cacheDir, ADMIN_TOKEN: ADMIN, NVIDIA_SMI: '/nonexistent/nvidia-smi' };
  let gw: GatewayProcess | undefined;
  /** Stops the gateway still running, if any, then starts a new one: never two on one cache, none left behind. */
  async function respawn(): Promise<GatewayProcess> {
    if (gw && gw.child.exitCode === null && gw.child.signalCode === null) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
    gw = await spawnGateway(env);
    return gw;
  }
  afterAll(async () => {
    if (gw && gw.child.exitCode === null && gw.child.signalCode === null) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
    await hub.close();
  });
  const admin = (path: string, init: RequestInit = {}) => fetch(`${gw!.ready.url}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' } });

  /** The model's entry once its cache is complete, or after 20 s (the test then fails on it). */
  async function untilCached(key: string): Promise<ModelEntry> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const entry = (await (await admin(`/api/admin/models/${key}`)).json()) as ModelEntry;
      if (entry.cache.state === 'complete' || Date.now() >= deadline) return entry;
    }
  }

  it('SIGKILL at about half, restart: the download resumes by itself and fetches under 1.1x the file', async () => {
    hub.faults.throttleBytesPerSecond = 16_000_000;
    gw = await respawn();
    await admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key: 'restart', repo: 'big/restart', engine: 'nemo-tdt', task: 'transcription' }) });
    expect((await admin('/api/admin/models/restart/download', { method: 'POST' })).status).toBe(202);
    while ((hub.served.get('big/restart/model.onnx') ?? 0) < BIG.length / 2) await new Promise((r) => setTimeout(r, 20));
    gw.child.kill('SIGKILL');
    await gw.exited;
    const servedBeforeKill = hub.served.get('big/restart/model.onnx')!;
    expect(servedBeforeKill).toBeLessThan(BIG.length);

    delete hub.faults.throttleBytesPerSecond;
    gw = await respawn();
    expect((await untilCached('restart')).cache.state).toBe('complete');
    const gets = hub.requests.filter((r) => r.path === '/cdn/big/restart/model.onnx');
    expect(gets.at(-1)!.range).toMatch(/^bytes=[1-9]\d*-31999999$/);
    expect(hub.served.get('big/restart/model.onnx')!).toBeLessThan(BIG.length * 1.1);
    const events = (await (await admin('/api/admin/events?model=restart')).json()) as { events: { kind: string }[] };
    expect(events.events.map((e) => e.kind)).toEqual(['model.added', 'download.started', 'download.started', 'download.completed']);
  });

  it('a graceful stop (SIGTERM) during a download: exits promptly, resumes at the next start', async () => {
    await hub.addRepo({ id: 'big/drain', files: [{ path: 'model.onnx', content: BIG }] });
    hub.faults.throttleBytesPerSecond = 16_000_000;
    gw = await respawn();
    await admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key: 'drain', repo: 'big/drain', engine: 'nemo-tdt', task: 'transcription' }) });
    await admin('/api/admin/models/drain/download', { method: 'POST' });
    while ((hub.served.get('big/drain/model.onnx') ?? 0) < BIG.length / 4) await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    gw.child.kill('SIGTERM');
    expect((await gw.exited).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    delete hub.faults.throttleBytesPerSecond;
    gw = await respawn();
    expect((await untilCached('drain')).cache.state).toBe('complete');
    expect(hub.served.get('big/drain/model.onnx')!).toBeLessThan(BIG.length * 1.1);
  });
});
