import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../../helpers/in-process-gateway';
import { seedSileroCache } from '../../../helpers/seed-silero-cache';
import { isAlive } from '../../../helpers/silero-snapshot';
import { tempDir } from '../../../helpers/temp-dir';
import type { ModelRuntime } from '../../../../gateway/contract/lifecycle';
import type { Preflight } from '../../../../gateway/contract/hub';
import type { EventsResponse } from '../../../../gateway/contract/events';
import { startTestHub } from '../../../fixtures/hub/hub-server';
import { presetRepos } from '../../../fixtures/hub/preset-repos';

const FAKE_NVIDIA_SMI = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'fake-nvidia-smi.mjs');
const MIB = 1024 * 1024;

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('load, unload and preflight over HTTP (two fake GPUs)', () => {
  let gw: TestGateway;
  let gpuState: string;
  beforeAll(async () => {
    // What the fake nvidia-smi shows running on its GPUs (live pids only).
    gpuState = join(tempDir('passerelle-smi-'), 'state.json');
    process.env.FAKE_NVIDIA_SMI_STATE = gpuState;
    const cacheDir = tempDir('passerelle-cache-');
    seedSileroCache(cacheDir);
    // The fake nvidia-smi reads its knobs from the gateway's environment: two H200s.
    process.env.FAKE_NVIDIA_SMI_GPUS = '2';
    // The local hub answers the access half of the preflight.
    const hub = await startTestHub({ repos: presetRepos() });
    afterAll(() => hub.close());
    gw = await startTestGateway({ MODEL_CACHE_DIR: cacheDir, NVIDIA_SMI: FAKE_NVIDIA_SMI, GPU_POLL_MS: '200', HF_ENDPOINT: hub.url });
    await gw.deps.gpus!.whenReady();
  });

  it('loads on the chosen GPU with CUDA_VISIBLE_DEVICES set in the worker, and unloads to no process', async () => {
    const res = await gw.admin('/api/admin/models/silero-vad/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [1] }) });
    expect(res.status).toBe(200);
    const { runtime } = await json<ModelRuntime>(res);
    expect(runtime).toMatchObject({ state: 'loaded', gpuDeviceIds: [1], lastGpuDeviceIds: [1] });
    const environ = readFileSync(`/proc/${runtime.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain('CUDA_VISIBLE_DEVICES=1');
    expect(environ).toContain('CUDA_DEVICE_ORDER=PCI_BUS_ID');

    // The worker's GPU memory shows under its model on GPU 1.
    writeFileSync(gpuState, JSON.stringify({ processes: [{ pid: runtime.pid, gpu: 1, usedMiB: 512 }] }));
    await gw.deps.gpus!.refreshProcesses();
    const { gpus } = await json<{ gpus: { index: number; processes: { pid: number; model?: string; usedBytes: number | null }[] }[] }>(await gw.admin('/api/gpus'));
    expect(gpus.find((g) => g.index === 1)!.processes).toEqual([expect.objectContaining({ pid: runtime.pid, model: 'silero-vad', usedBytes: 512 * MIB })]);

    const events = await json<EventsResponse>(await gw.admin('/api/admin/events?model=silero-vad'));
    const loaded = events.events.find((e) => e.kind === 'model.loaded')!;
    if (runtime.device === 'cpu') expect(loaded.message).toContain('loaded on CPU: the CUDA provider is not installed');

    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toContain('passerelle_model_state{model="silero-vad",state="loaded"} 1');

    const unloaded = await json<ModelRuntime>(await gw.admin('/api/admin/models/silero-vad/unload', { method: 'POST' }));
    expect(unloaded.runtime).toMatchObject({ state: 'unloaded', gpuDeviceIds: [], device: null });
    expect(isAlive(runtime.pid!)).toBe(false);
    const kinds = (await json<EventsResponse>(await gw.admin('/api/admin/events?model=silero-vad'))).events.map((e) => e.kind);
    expect(kinds).toEqual(['model.loading', 'model.loaded', 'model.unloading', 'model.unloaded']);
  });

  it('kill -9 of the worker: the model is failed with the reason, an event says so, the gateway keeps serving', async () => {
    const { runtime } = await json<ModelRuntime>(await gw.admin('/api/admin/models/silero-vad/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [0] }) }));
    process.kill(runtime.pid!, 'SIGKILL');
    let crashed: EventsResponse['events'] = [];
    for (let i = 0; i < 50 && crashed.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      crashed = (await json<EventsResponse>(await gw.admin('/api/admin/events?kind=model.crashed'))).events;
    }
    expect(crashed).toEqual([expect.objectContaining({ level: 'error', model: 'silero-vad', message: expect.stringContaining('killed by SIGKILL'), hint: expect.any(String) })]);
    expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
    const entry = await json<{ runtime: { state: string; error?: { code: string } } }>(await gw.admin('/api/admin/models/silero-vad'));
    expect(entry.runtime).toMatchObject({ state: 'failed', error: { code: 'model_crashed' } });
    // It loads again on demand.
    const again = await json<ModelRuntime>(await gw.admin('/api/admin/models/silero-vad/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [0] }) }));
    expect(again.runtime.state).toBe('loaded');
    await gw.admin('/api/admin/models/silero-vad/unload', { method: 'POST' });
  });

  it('refuses GPU ids that are not present, naming the ones there are', async () => {
    const res = await gw.admin('/api/admin/models/silero-vad/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [1, 4] }) });
    expect(res.status).toBe(400);
    const body = await json<{ error: { code: string; message: string; param: string } }>(res);
    expect(body.error).toMatchObject({ code: 'invalid_gpu_ids', param: 'gpu_device_ids', message: 'GPU 4 does not exist. The GPUs present are 0, 1.' });
    const bad = await gw.admin('/api/admin/models/silero-vad/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: '1,2' }) });
    expect(bad.status).toBe(400);
  });

  it('answers 404 for an unknown model and 409 for one not downloaded', async () => {
    const unknown = await gw.admin('/api/admin/models/nope/load', { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    const absent = await gw.admin('/api/admin/models/parakeet/load', { method: 'POST', body: '{}' });
    expect(absent.status).toBe(409);
    expect((await json<{ error: { code: string; hint: string } }>(absent)).error).toMatchObject({ code: 'model_not_downloaded' });
  });

  it('preflight gives free and needed memory per GPU and the models already there', async () => {
    await gw.admin('/api/admin/models/silero-vad/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [1] }) });
    const res = await gw.admin('/api/admin/models/parakeet/preflight?gpu_device_ids=0,1');
    expect(res.status).toBe(200);
    const preflight = await json<Preflight>(res);
    expect(preflight.access).toMatchObject({ state: 'ok', gated: false });
    expect(preflight.gpus).toMatchObject({ gpuDeviceIds: [0, 1], device: 'cuda', fits: true, neededBytes: Math.round(3_200_000_000 * 1.2) });
    const [gpu0, gpu1] = preflight.gpus.devices;
    expect(gpu0).toMatchObject({ index: 0, totalBytes: 143771 * MIB, neededBytes: Math.round(3_200_000_000 * 1.2), fits: true, coResident: [] });
    expect(gpu0!.freeBytes).toBeGreaterThan(100_000 * MIB);
    expect(gpu1).toMatchObject({ index: 1, neededBytes: 0, coResident: [{ key: 'silero-vad' }] });
    const wrong = await gw.admin('/api/admin/models/parakeet/preflight?gpu_device_ids=0,9');
    expect(wrong.status).toBe(400);
    const malformed = await gw.admin('/api/admin/models/parakeet/preflight?gpu_device_ids=a');
    expect(malformed.status).toBe(400);
    await gw.admin('/api/admin/models/silero-vad/unload', { method: 'POST' });
  });

  it('?wait=false answers 202 at once and the load goes on', async () => {
    const res = await gw.admin('/api/admin/models/silero-vad/load?wait=false', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [0] }) });
    expect(res.status).toBe(202);
    expect((await json<ModelRuntime>(res)).runtime.state).toBe('loading');
    const done = await json<ModelRuntime>(await gw.admin('/api/admin/models/silero-vad/load', { method: 'POST', body: JSON.stringify({ gpu_device_ids: [0] }) }));
    expect(done.runtime.state).toBe('loaded');
    await gw.admin('/api/admin/models/silero-vad/unload', { method: 'POST' });
  });
});

describe('LAZY_LOAD_MODELS=false', () => {
  it('loads every downloaded model at start, on the CPU of a host without GPUs', async () => {
    const cacheDir = tempDir('passerelle-cache-');
    seedSileroCache(cacheDir);
    const gw = await startTestGateway({ MODEL_CACHE_DIR: cacheDir, LAZY_LOAD_MODELS: 'false', NVIDIA_SMI: '/nonexistent/nvidia-smi', HF_ENDPOINT: 'http://127.0.0.1:9' });
    let events: EventsResponse['events'] = [];
    for (let i = 0; i < 100 && !events.some((e) => e.kind === 'model.loaded'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      events = (await json<EventsResponse>(await gw.admin('/api/admin/events?kind=model.loaded'))).events;
    }
    expect(events).toEqual([expect.objectContaining({ model: 'silero-vad', message: expect.stringContaining('loaded on the CPU') })]);
    const pid = gw.deps.runtime!.runtimeOf('silero-vad').pid!;
    await gw.stop();
    expect(isAlive(pid)).toBe(false);
  });
});
