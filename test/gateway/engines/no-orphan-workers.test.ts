import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { seedSileroCache } from '../../helpers/seed-silero-cache';
import { isAlive } from '../../helpers/silero-snapshot';
import { tempDir } from '../../helpers/temp-dir';

// Runs the built CLI (node scripts/build.mjs gateway): the worker is out/gateway/model-worker.js.

async function startWithLoadedModel(): Promise<{ gw: GatewayProcess; workerPid: number }> {
  const cacheDir = tempDir('passerelle-cache-');
  seedSileroCache(cacheDir);
  const gw = await spawnGateway({ MODEL_CACHE_DIR: cacheDir, NVIDIA_SMI: '/nonexistent/nvidia-smi', HF_ENDPOINT: 'http://127.0.0.1:9', DRAIN_TIMEOUT_SECONDS: '2' });
  const token = readFileSync(gw.ready.adminTokenFile!, 'utf8').trim();
  const res = await fetch(`${gw.ready.url}/api/admin/models/silero-vad/load`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(200);
  const { runtime } = (await res.json()) as { runtime: { pid: number } };
  return { gw, workerPid: runtime.pid };
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (isAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

describe('no worker survives the gateway', () => {
  it('the built gateway runs the model in out/gateway/model-worker.js', async () => {
    const { gw, workerPid } = await startWithLoadedModel();
    expect(readFileSync(`/proc/${workerPid}/cmdline`, 'utf8')).toContain('out/gateway/model-worker.js');
    gw.child.kill('SIGTERM');
    expect(await gw.exited).toEqual({ code: 0, signal: null });
    expect(await gone(workerPid, 3000)).toBe(true);
  });

  it('kill -9 of the gateway: its worker exits by itself', async () => {
    const { gw, workerPid } = await startWithLoadedModel();
    expect(isAlive(workerPid)).toBe(true);
    gw.child.kill('SIGKILL');
    await gw.exited;
    expect(await gone(workerPid, 5000)).toBe(true);
  });
});
