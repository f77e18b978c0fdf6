import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../../gateway/errors';
import type { VadResult } from '../../../gateway/engines/vad/silero-vad-engine';
import type { GpuInventory } from '../../../gateway/models/model-source';
import { gpuInventory, managerFixture, sileroSource } from '../../helpers/model-manager-fixture';
import { isAlive } from '../../helpers/silero-snapshot';

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('model manager: loads and unloads', () => {
  it('two loads at once start one worker; unload leaves no process', async () => {
    const { manager, starts, events } = managerFixture({ source: sileroSource(['vad']) });
    const [a, b] = await Promise.all([manager.load('vad', { gpuDeviceIds: [] }), manager.load('vad', { gpuDeviceIds: [] })]);
    expect(starts).toHaveLength(1);
    expect(a.state).toBe('loaded');
    expect(b.pid).toBe(a.pid);
    expect(a).toMatchObject({ device: 'cpu', gpuDeviceIds: [], lastGpuDeviceIds: [] });
    await manager.load('vad', { gpuDeviceIds: [] });
    expect(starts).toHaveLength(1);
    const after = await manager.unload('vad');
    expect(after).toMatchObject({ state: 'unloaded', gpuDeviceIds: [], device: null });
    expect(isAlive(a.pid!)).toBe(false);
    expect(events.map((e) => e.kind)).toEqual(['model.loading', 'model.loaded', 'model.unloading', 'model.unloaded']);
  });

  it('validates GPU ids against the GPUs present', async () => {
    const { manager, starts } = managerFixture({ source: sileroSource(['vad']), gpus: gpuInventory({ 0: [80e9, 80e9], 1: [80e9, 80e9] }) });
    const err = await failure(manager.load('vad', { gpuDeviceIds: [1, 7] }));
    expect(err).toMatchObject({ code: 'invalid_gpu_ids', status: 400, param: 'gpu_device_ids' });
    expect(err.message).toBe('GPU 7 does not exist. The GPUs present are 0, 1.');
    expect((await failure(manager.load('vad', { gpuDeviceIds: [1, 1] }))).code).toBe('invalid_gpu_ids');
    const none = managerFixture({ source: sileroSource(['vad']) });
    expect((await failure(none.manager.load('vad', { gpuDeviceIds: [0] }))).message).toContain('No GPU is visible');
    expect(starts).toHaveLength(0);
  });

  it('refuses a GPU-only engine on a host without GPUs with gpu_required', async () => {
    const start = vi.fn();
    const { manager } = managerFixture({
      source: sileroSource([], { extra: [{ key: 'llm', engine: 'gpu-only', vramBytes: null }] }),
      extraHosts: { 'gpu-only': { requiresGpu: true, start } },
    });
    const err = await failure(manager.load('llm'));
    expect(err).toMatchObject({ code: 'gpu_required', status: 409 });
    expect(err.message).toContain('CUDA required');
    expect((await failure(manager.acquire('llm'))).code).toBe('gpu_required');
    expect(start).not.toHaveBeenCalled();
    // An ONNX entry can ask for a GPU too (a large model too slow on the CPU).
    const onnx = managerFixture({ source: sileroSource([], { extra: [{ key: 'big-asr', engine: 'silero-vad', vramBytes: null, options: { requiresGpu: true } }] }) });
    expect(await failure(onnx.manager.load('big-asr', { gpuDeviceIds: [] }))).toMatchObject({ code: 'gpu_required' });
    expect(onnx.starts).toHaveLength(0);
  });

  it('places a load without ids on the GPU with most free memory, then remembers the placement across restarts', async () => {
    const gpus = gpuInventory({ 0: [10e9, 80e9], 1: [70e9, 80e9], 2: [30e9, 80e9] });
    const first = managerFixture({ source: sileroSource(['vad']), gpus });
    const loaded = await first.manager.load('vad');
    expect(loaded.gpuDeviceIds).toEqual([1]);
    expect(gpus.registered.get(loaded.pid!)).toBe('vad');
    await first.manager.unload('vad');
    expect(gpus.registered.size).toBe(0);
    await first.manager.load('vad', { gpuDeviceIds: [2] });
    await first.manager.stopAll();
    // A new manager over the same state dir (a restart): the lazy load goes back to GPU 2.
    const second = managerFixture({ source: sileroSource(['vad']), gpus, stateDir: first.stateDir });
    expect(second.manager.runtimeOf('vad')).toMatchObject({ state: 'unloaded', lastGpuDeviceIds: [2] });
    const lease = await second.manager.acquire('vad');
    lease.release();
    expect(second.starts).toEqual([{ key: 'vad', gpuDeviceIds: [2] }]);
    await second.manager.stopAll();
  });

  it('says when the model was asked on GPUs but runs on the CPU', async () => {
    const { manager, events } = managerFixture({ source: sileroSource(['vad']), gpus: gpuInventory({ 0: [80e9, 80e9] }) });
    const state = await manager.load('vad', { gpuDeviceIds: [0] });
    const loaded = events.find((e) => e.kind === 'model.loaded')!;
    if (state.device === 'cpu') {
      expect(loaded).toMatchObject({ level: 'warn', message: expect.stringContaining('loaded on CPU: the CUDA provider is not installed') });
      expect(loaded.hint).toContain('onnxruntime-node');
    } else expect(loaded.level).toBe('info');
    await manager.stopAll();
  });

  it('moves a loaded model when loaded on other GPUs', async () => {
    const { manager, starts } = managerFixture({ source: sileroSource(['vad']), gpus: gpuInventory({ 0: [80e9, 80e9], 1: [80e9, 80e9] }) });
    const first = await manager.load('vad', { gpuDeviceIds: [0] });
    const moved = await manager.load('vad', { gpuDeviceIds: [1] });
    expect(moved.gpuDeviceIds).toEqual([1]);
    expect(moved.pid).not.toBe(first.pid);
    expect(isAlive(first.pid!)).toBe(false);
    expect(starts.map((s) => s.gpuDeviceIds)).toEqual([[0], [1]]);
    await manager.stopAll();
  });
});

describe('model manager: requests', () => {
  it('lazy mode loads on the first request, then serves it', async () => {
    const { manager, starts } = managerFixture({ source: sileroSource(['vad']) });
    expect(manager.isLoaded('vad')).toBe(false);
    const lease = await manager.acquire('vad');
    expect(manager.isLoaded('vad')).toBe(true);
    const result = (await lease.run({ audio: new Float32Array(16_000) })) as VadResult;
    expect(result.segments).toEqual([]);
    lease.release();
    (await manager.acquire('vad')).release();
    expect(starts).toHaveLength(1);
    await manager.stopAll();
  });

  it('answers 503 model_loading with Retry-After when the load takes longer than the wait bound', async () => {
    const { manager } = managerFixture({ source: sileroSource(['vad']), acquireWaitMs: 1 });
    const err = await failure(manager.acquire('vad'));
    expect(err).toMatchObject({ code: 'model_loading', status: 503, retryAfterSeconds: 5 });
    expect(manager.runtimeOf('vad').state).toBe('loading');
    (await manager.acquire('vad', 30_000)).release();
    await manager.stopAll();
  });

  it('a lazy load that fails tells the API client its code, not the engine\'s internals; the admin view keeps them', async () => {
    const start = vi.fn(async () => {
      throw new GatewayError('engine_load_failed', 'vllm exited: cannot reach http://10.1.2.3:8000 from /srv/secret/models', { hint: 'Check /srv/secret/models' });
    });
    const { manager } = managerFixture({
      source: sileroSource([], { extra: [{ key: 'llm', engine: 'broken', vramBytes: null }] }),
      extraHosts: { broken: { requiresGpu: false, needsSnapshot: false, start } },
    });
    const first = await failure(manager.acquire('llm'));
    expect(first.code).toBe('engine_load_failed');
    const again = await failure(manager.acquire('llm'));
    expect(again.code).toBe('model_not_loaded');
    for (const err of [first, again]) {
      expect(`${err.message} ${err.hint}`).not.toMatch(/10\.1\.2\.3|\/srv\/secret/);
      expect(err.hint).toContain('/api/admin/events?model=llm');
    }
    expect(manager.runtimeOf('llm').error?.message).toContain('10.1.2.3');
    await manager.stopAll();
  });

  it('without lazy loading, an unloaded model answers 503 model_not_loaded, and unknown or missing models say so', async () => {
    const { manager, starts } = managerFixture({ source: sileroSource(['vad', 'absent'], { missing: ['absent'] }), lazy: false });
    expect(await failure(manager.acquire('vad'))).toMatchObject({ code: 'model_not_loaded', status: 503 });
    expect(await failure(manager.acquire('nope'))).toMatchObject({ code: 'model_not_found', status: 404 });
    expect(await failure(manager.load('absent'))).toMatchObject({ code: 'model_not_downloaded', status: 409 });
    expect(starts).toHaveLength(0);
  });

  it('eager mode loads every downloaded model', async () => {
    const { manager, starts } = managerFixture({ source: sileroSource(['a', 'b', 'c'], { missing: ['b'] }), lazy: false });
    await manager.loadAllDownloaded();
    expect(starts.map((s) => s.key)).toEqual(['a', 'c']);
    expect(manager.isLoaded('a') && manager.isLoaded('c') && !manager.isLoaded('b')).toBe(true);
    await manager.stopAll();
  });

  it('unload waits for requests in flight, then stops the worker', async () => {
    const { manager } = managerFixture({ source: sileroSource(['vad']), drainMs: 30_000 });
    const lease = await manager.acquire('vad');
    const pid = manager.runtimeOf('vad').pid!;
    let unloaded = false;
    const unloading = manager.unload('vad').then(() => (unloaded = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(manager.runtimeOf('vad').state).toBe('unloading');
    expect(await failure(manager.acquire('vad'))).toMatchObject({ code: 'model_not_loaded' });
    expect(unloaded).toBe(false);
    await lease.run({ audio: new Float32Array(16_000) });
    lease.release();
    await unloading;
    expect(isAlive(pid)).toBe(false);
  });

  it('unload cancels requests still in flight after the drain bound', async () => {
    const { manager, events } = managerFixture({ source: sileroSource(['vad']), drainMs: 10_000 });
    const lease = await manager.acquire('vad');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    // Handled at once: the rejection comes while the timers advance.
    const outcome = lease.run({ audio: new Float32Array(16_000 * 600) }).then(() => null, (e: unknown) => e);
    const unloading = manager.unload('vad');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(lease.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(lease.signal.aborted).toBe(true);
    expect(await outcome).toMatchObject({ code: 'model_not_loaded', status: 503 });
    vi.useRealTimers();
    lease.release();
    await unloading;
    expect(manager.runtimeOf('vad').state).toBe('unloaded');
    expect(events.find((e) => e.kind === 'model.unloading')?.message).toContain('1 request(s) in flight');
  });

  it('kill -9 of a worker: the model is failed with the reason, an event, 503 for the request in flight; the next request reloads it', async () => {
    const { manager, events, messages } = managerFixture({ source: sileroSource(['vad']) });
    const lease = await manager.acquire('vad');
    const pid = manager.runtimeOf('vad').pid!;
    const inFlight = lease.run({ audio: new Float32Array(16_000 * 180) });
    await new Promise((r) => setTimeout(r, 150));
    process.kill(pid, 'SIGKILL');
    expect(await failure(inFlight)).toMatchObject({ code: 'model_crashed', status: 503 });
    lease.release();
    const runtime = manager.runtimeOf('vad');
    expect(runtime).toMatchObject({ state: 'failed', error: { code: 'model_crashed' } });
    expect(runtime.error!.message).toContain('killed by SIGKILL');
    const crashed = events.find((e) => e.kind === 'model.crashed')!;
    expect(crashed).toMatchObject({ level: 'error', model: 'vad', message: expect.stringContaining('killed by SIGKILL') });
    expect(crashed.hint).toBeTruthy();
    expect(messages.some((m) => m.type === 'model.runtime' && m.runtime.state === 'failed')).toBe(true);
    const again = await manager.acquire('vad');
    expect(manager.runtimeOf('vad').pid).not.toBe(pid);
    again.release();
    await manager.stopAll();
  });
});

describe('model manager: races', () => {
  it('a worker that dies while an unload drains its requests: the unload ends as asked, unloaded without an error', async () => {
    const { manager, events } = managerFixture({ source: sileroSource(['vad']), drainMs: 30_000 });
    const lease = await manager.acquire('vad');
    const pid = manager.runtimeOf('vad').pid!;
    const inFlight = lease.run({ audio: new Float32Array(16_000 * 180) });
    const unloading = manager.unload('vad');
    await new Promise((r) => setTimeout(r, 100));
    expect(manager.runtimeOf('vad').state).toBe('unloading');
    process.kill(pid, 'SIGKILL');
    expect(await failure(inFlight)).toMatchObject({ code: 'model_crashed', status: 503 });
    lease.release();
    const after = await unloading;
    expect(after).toEqual({ state: 'unloaded', gpuDeviceIds: [], device: null, lastGpuDeviceIds: [] });
    expect(isAlive(pid)).toBe(false);
    expect(events.map((e) => e.kind)).toEqual(['model.loading', 'model.loaded', 'model.unloading', 'model.crashed', 'model.unloaded']);
  });

  it('right after start, a background load waits for the GPU list instead of refusing GPUs that are there', async () => {
    const present: number[] = [];
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const gpus: GpuInventory = { gpuIndexes: () => present, freeBytes: () => 80e9, totalBytes: () => 80e9, whenReady: () => ready };
    const { manager } = managerFixture({ source: sileroSource(['vad']), gpus });
    const answer = manager.loadInBackground('vad', { gpuDeviceIds: [1] });
    // nvidia-smi's first sample arrives.
    present.push(0, 1);
    markReady();
    expect(await answer).toMatchObject({ state: 'loading' });
    expect(await manager.load('vad', { gpuDeviceIds: [1] })).toMatchObject({ state: 'loaded', gpuDeviceIds: [1] });
    await manager.stopAll();
  });

  it('an unload asked while a load waits for the first GPU sample is not lost: the model ends unloaded', async () => {
    let markReady!: () => void;
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    const gpus: GpuInventory = { gpuIndexes: () => [], freeBytes: () => null, totalBytes: () => null, whenReady: () => ready };
    const { manager, starts } = managerFixture({ source: sileroSource(['vad']), gpus });
    const loading = manager.load('vad', { gpuDeviceIds: [] });
    const unloading = manager.unload('vad');
    markReady();
    const loaded = await loading;
    expect(await unloading).toMatchObject({ state: 'unloaded' });
    expect(manager.runtimeOf('vad').state).toBe('unloaded');
    expect(starts).toHaveLength(1);
    expect(isAlive(loaded.pid!)).toBe(false);
  });

  it('an unload asked during a load runs after it: no worker stays', async () => {
    const { manager, events } = managerFixture({ source: sileroSource(['vad']) });
    const loading = manager.load('vad', { gpuDeviceIds: [] });
    expect(manager.runtimeOf('vad').state).toBe('loading');
    const unloaded = await manager.unload('vad');
    const loaded = await loading;
    expect(unloaded.state).toBe('unloaded');
    expect(isAlive(loaded.pid!)).toBe(false);
    expect(events.map((e) => e.kind)).toEqual(['model.loading', 'model.loaded', 'model.unloading', 'model.unloaded']);
  });
});

describe('model manager: gateway stop', () => {
  it('does not wait past its bound for a load that hangs', async () => {
    const { manager } = managerFixture({
      source: sileroSource([], { extra: [{ key: 'stuck', engine: 'hangs', vramBytes: null }] }),
      // An engine that never says ready (a vLLM stuck in its warm-up).
      extraHosts: { hangs: { requiresGpu: false, start: () => new Promise(() => undefined) } },
    });
    void manager.load('stuck').catch(() => undefined);
    expect(manager.runtimeOf('stuck').state).toBe('loading');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let stopped = false;
    const stopping = manager.stopAll(10_000).then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(stopped).toBe(true);
  });
});

describe('model manager: preflight', () => {
  it('takes off the estimate of a model still loading on that GPU: two loads at once do not both fit', async () => {
    const gpus = gpuInventory({ 1: [15e9, 80e9] });
    const source = sileroSource([], { extra: [{ key: 'stuck', engine: 'hangs', vramBytes: 10e9 }, { key: 'big', engine: 'silero-vad', vramBytes: 10e9 }] });
    const { manager } = managerFixture({ source, gpus, extraHosts: { hangs: { requiresGpu: false, start: () => new Promise(() => undefined) } } });
    expect(manager.preflight('big', [1])).toMatchObject({ fits: true });
    void manager.load('stuck', { gpuDeviceIds: [1] }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 10));
    expect(manager.runtimeOf('stuck').state).toBe('loading');
    const fit = manager.preflight('big', [1]);
    expect(fit).toMatchObject({ fits: false });
    expect(fit.devices[0]).toMatchObject({ freeBytes: 5e9, coResident: [{ key: 'stuck', estimatedBytes: 10e9 }] });
    await manager.stopAll(100);
  });

  it('gives free, needed and co-resident models per GPU', async () => {
    const gpus = gpuInventory({ 0: [2e9, 80e9], 1: [60e9, 80e9] });
    const source = sileroSource(['vad'], { extra: [{ key: 'big', engine: 'silero-vad', vramBytes: 10e9 }, { key: 'unknown', engine: 'silero-vad', vramBytes: null }] });
    const { manager } = managerFixture({ source, gpus });
    await manager.load('vad', { gpuDeviceIds: [1] });
    const fit = manager.preflight('big', [0, 1]);
    expect(fit).toMatchObject({ gpuDeviceIds: [0, 1], device: 'cuda', fits: false, neededBytes: 10e9 });
    expect(fit.devices).toEqual([
      { index: 0, freeBytes: 2e9, totalBytes: 80e9, neededBytes: 10e9, fits: false, coResident: [] },
      { index: 1, freeBytes: 60e9, totalBytes: 80e9, neededBytes: 0, fits: true, coResident: [{ key: 'vad', estimatedBytes: 50 * 1024 ** 2 }] },
    ]);
    expect(fit.message).toContain('GPU 0 has 1.9 GiB free, 9.3 GiB needed');
    expect(manager.preflight('big', [1])).toMatchObject({ fits: true });
    expect(manager.preflight('big')).toMatchObject({ gpuDeviceIds: [1], fits: true });
    expect(manager.preflight('unknown', [1])).toMatchObject({ fits: null, message: expect.stringContaining('estimate') });
    expect(manager.preflight('big', [])).toMatchObject({ device: 'cpu', fits: true });
    expect(() => manager.preflight('big', [5])).toThrow('GPU 5 does not exist');
    await manager.stopAll();
  });
});
