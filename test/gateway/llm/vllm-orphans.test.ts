import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelEntry } from '../../../gateway/contract/models';
import type { EventsResponse } from '../../../gateway/contract/events';
import { groupMembers, isAlive } from '../../../gateway/engines/llm/process-group';
import { spawnGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/temp-dir';
import { startTestHub, type TestHub } from '../../fixtures/hub/hub-server';
import { presetRepos } from '../../fixtures/hub/preset-repos';
import { FAKE_VLLM, readRecord } from '../../fixtures/fake-vllm';

// The built CLI (node scripts/build.mjs gateway), as an operator runs it: F16 and F17 of
// reference/reliability.md — no vLLM outlives the gateway, however the gateway ends.
const FAKE_NVIDIA_SMI = join(import.meta.dirname, '..', '..', 'fixtures', 'fake-nvidia-smi.mjs');
const TOKEN = 'orphans-admin-token-0123456789';
const cacheDir = tempDir('passerelle-orphans-');
const record = join(cacheDir, 'vllm-record.json');
let hub: TestHub;
const running: GatewayProcess[] = [];

const env = () => ({
  MODEL_CACHE_DIR: cacheDir, HF_ENDPOINT: hub.url, VLLM_COMMAND: FAKE_VLLM, NVIDIA_SMI: FAKE_NVIDIA_SMI, ADMIN_TOKEN: TOKEN,
  FAKE_NVIDIA_SMI_GPUS: '2', FAKE_VLLM_RECORD: record, FAKE_VLLM_STARTUP_MS: '100', FAKE_VLLM_ENGINE_CORE: '1', LOG_LEVEL: 'warn',
});
const admin = (g: GatewayProcess, path: string, init: RequestInit = {}) => fetch(`${g.ready.url}${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });

async function start(): Promise<GatewayProcess> {
  const g = await spawnGateway(env());
  running.push(g);
  // Loads check the GPU ids against the monitor's first sample.
  for (let i = 0; ((await (await admin(g, '/api/gpus')).json()) as { gpus: unknown[] }).gpus.length === 0; i++) {
    if (i > 200) throw new Error('the fake GPUs never showed');
    await new Promise((r) => setTimeout(r, 25));
  }
  return g;
}

async function loadQwen(g: GatewayProcess): Promise<{ pid: number; engineCorePid: number }> {
  const res = await admin(g, '/api/admin/models/qwen/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [0] }) });
  expect(res.status).toBe(200);
  const rec = readRecord(record);
  expect(isAlive(rec.pid)).toBe(true);
  return { pid: rec.pid, engineCorePid: rec.engineCorePid! };
}

async function gone(pids: number[], withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

beforeAll(async () => {
  hub = await startTestHub({ repos: presetRepos().filter((r) => r.id === 'Qwen/Qwen2.5-7B-Instruct') });
  const g = await start();
  await admin(g, '/api/admin/models/qwen/download', { method: 'POST' });
  for (let i = 0; (await (await admin(g, '/api/admin/models/qwen')).json() as ModelEntry).cache.state !== 'complete'; i++) {
    if (i > 500) throw new Error('qwen was not downloaded');
    await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(async () => {
  for (const g of running) g.child.kill('SIGKILL');
  await hub.close();
});

describe('no vLLM process outlives the gateway', () => {
  it('SIGTERM: the gateway drains, stops vLLM and its engine core, and exits 0', async () => {
    const g = running[0]!;
    const vllm = await loadQwen(g);
    g.child.kill('SIGTERM');
    expect(await g.exited).toEqual({ code: 0, signal: null });
    expect(await gone([vllm.pid, vllm.engineCorePid], 2000)).toBe(true);
  });

  it('SIGKILL: the watchdog sees the gateway die and stops vLLM within seconds', async () => {
    const g = await start();
    const vllm = await loadQwen(g);
    g.child.kill('SIGKILL');
    await g.exited;
    expect(await gone([vllm.pid, vllm.engineCorePid], 5000)).toBe(true);
  });

  it('a vLLM left behind (its watchdog killed too) is killed by the next gateway at start, with an event', async () => {
    const g = await start();
    const vllm = await loadQwen(g);
    const leader = Number((await (await admin(g, '/api/admin/models/qwen')).json() as ModelEntry).runtime.pid);
    expect(leader).toBe(vllm.pid);
    // The worst case: the gateway and the watchdog (shell and watcher) die at once, by kill -9.
    // The gateway is frozen first, or it would see its child die and clean up, as it should.
    const pgid = Number(readFileSync(`/proc/${vllm.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);
    process.kill(g.child.pid!, 'SIGSTOP');
    for (const pid of groupMembers(pgid)) if (pid !== vllm.pid && pid !== vllm.engineCorePid) process.kill(pid, 'SIGKILL');
    g.child.kill('SIGKILL');
    await g.exited;
    await new Promise((r) => setTimeout(r, 200));
    expect(isAlive(vllm.pid), 'vLLM outlives a gateway whose watchdog died with it').toBe(true);
    const next = await start();
    expect(await gone([vllm.pid, vllm.engineCorePid], 2000), 'the next gateway killed the stale vLLM').toBe(true);
    const events = (await (await admin(next, '/api/admin/events?kind=engine.stale_killed')).json()) as EventsResponse;
    expect(events.events[0]).toMatchObject({ level: 'warn', model: 'qwen' });
    expect(events.events[0]!.message).toContain('previous gateway left running');
    next.child.kill('SIGTERM');
    await next.exited;
  });
});
