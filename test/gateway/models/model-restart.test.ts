import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../../../gateway/errors';
import type { GpuInventory, LostGpu } from '../../../gateway/models/model-source';
import type { ModelManager } from '../../../gateway/models/model-manager';
import { LoadModel } from '../../../gateway/contract/models';
import { PlacementStore } from '../../../gateway/models/placement-store';
import { managerFixture, sileroSource } from '../../helpers/model-manager-fixture';
import { tempDir } from '../../helpers/temp-dir';
import { isAlive } from '../../helpers/silero-snapshot';

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

/** Polls the model's runtime until `ok` (bounded: 10 s). */
async function until(manager: ModelManager, key: string, ok: (r: ReturnType<ModelManager['runtimeOf']>) => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(manager.runtimeOf(key)); i++) await new Promise((r) => setTimeout(r, 20));
  expect(ok(manager.runtimeOf(key)), JSON.stringify(manager.runtimeOf(key))).toBe(true);
}

/** GPUs that can disappear, as the GPU monitor reports it. */
function losableGpus(indexes: number[]): GpuInventory & { lose(index: number): void; restore(index: number): void } {
  const present = new Set(indexes);
  const listeners: ((gpu: LostGpu) => void)[] = [];
  return {
    gpuIndexes: () => [...present].sort(),
    freeBytes: (i) => (present.has(i) ? 80e9 : null),
    totalBytes: (i) => (present.has(i) ? 80e9 : null),
    onGpuLost: (l) => listeners.push(l),
    lose(index) {
      present.delete(index);
      for (const l of listeners) l({ index, uuid: `GPU-${index}`, name: 'NVIDIA H200', why: 'missing from the last three nvidia-smi samples' });
    },
    restore: (index) => present.add(index),
  };
}

const FAST = { initialMs: 50, maxMs: 200, stableAfterMs: 60_000 };

describe('restart: on-failure (reliability.md F1)', () => {
  it('restarts a killed engine after its backoff, 503 with Retry-After meanwhile, and remembers the policy with the placement', async () => {
    const { manager, events, stateDir } = managerFixture({ source: sileroSource(['vad']), restartBackoff: { ...FAST, initialMs: 400 } });
    const loaded = await manager.load('vad', { gpuDeviceIds: [], restart: 'on-failure', maxRestarts: 2 });
    expect(loaded).toMatchObject({ state: 'loaded', health: 'ok', restartPolicy: 'on-failure', restarts: 0 });
    expect(JSON.parse(readFileSync(join(stateDir, 'placements.json'), 'utf8'))).toEqual({ vad: { gpuDeviceIds: [], restart: { policy: 'on-failure', maxRestarts: 2 } } });

    process.kill(loaded.pid!, 'SIGKILL');
    await until(manager, 'vad', (r) => r.state === 'failed');
    const down = manager.runtimeOf('vad');
    expect(down).toMatchObject({ health: 'down', restarts: 1, lastFailure: { error: { code: 'model_crashed' } } });
    expect(Date.parse(down.nextRestartAt!)).toBeGreaterThan(Date.now() - 1000);
    // Down: the request is answered at once, not made to wait for (or trigger) a load.
    const refused = await failure(manager.acquire('vad'));
    expect(refused).toMatchObject({ code: 'model_crashed', status: 503 });
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    await until(manager, 'vad', (r) => r.state === 'loaded');
    const back = manager.runtimeOf('vad');
    expect(back).toMatchObject({ health: 'ok', restarts: 1 });
    expect(back.pid).not.toBe(loaded.pid);
    expect(back.nextRestartAt).toBeUndefined();
    const kinds = events.map((e) => e.kind);
    expect(kinds.slice(kinds.indexOf('model.crashed'))).toEqual(['model.crashed', 'model.restart_scheduled', 'model.loading', 'model.loaded', 'model.restarted']);
    const lease = await manager.acquire('vad');
    lease.release();
    await manager.stopAll();

    // A later gateway on the same state dir loads it lazily under the same policy.
    const next = managerFixture({ source: sileroSource(['vad']), stateDir });
    (await next.manager.acquire('vad')).release();
    expect(next.manager.runtimeOf('vad')).toMatchObject({ state: 'loaded', restartPolicy: 'on-failure', restarts: 0 });
    await next.manager.stopAll();
  });

  it('gives up after maxRestarts crashes in a row: failed, 503 without Retry-After, no lazy reload, until an administrator loads it', async () => {
    const { manager, events, starts } = managerFixture({ source: sileroSource(['vad']), restartBackoff: FAST });
    await manager.load('vad', { gpuDeviceIds: [], restart: 'on-failure', maxRestarts: 2 });
    for (let crash = 1; crash <= 3; crash++) {
      await until(manager, 'vad', (r) => r.state === 'loaded');
      process.kill(manager.runtimeOf('vad').pid!, 'SIGKILL');
      await until(manager, 'vad', (r) => r.state === 'failed');
    }
    expect(events.filter((e) => e.kind === 'model.restart_gave_up')).toHaveLength(1);
    expect(starts).toHaveLength(3);
    expect(manager.runtimeOf('vad')).toMatchObject({ state: 'failed', health: 'down', restarts: 2 });
    expect(manager.runtimeOf('vad').nextRestartAt).toBeUndefined();
    const refused = await failure(manager.acquire('vad'));
    expect(refused).toMatchObject({ code: 'model_crashed', status: 503 });
    expect(refused.retryAfterSeconds).toBeUndefined();
    expect(starts).toHaveLength(3);

    expect(await manager.load('vad', { gpuDeviceIds: [] })).toMatchObject({ state: 'loaded', health: 'ok', restartPolicy: 'on-failure', restarts: 0 });
    await manager.stopAll();
  });

  it('an unload during the backoff cancels the restart', async () => {
    const { manager, starts } = managerFixture({ source: sileroSource(['vad']), restartBackoff: { ...FAST, initialMs: 300 } });
    const loaded = await manager.load('vad', { gpuDeviceIds: [], restart: 'on-failure' });
    process.kill(loaded.pid!, 'SIGKILL');
    await until(manager, 'vad', (r) => r.nextRestartAt !== undefined);
    expect(await manager.unload('vad')).toMatchObject({ state: 'unloaded' });
    await new Promise((r) => setTimeout(r, 600));
    expect(starts).toHaveLength(1);
    expect(manager.runtimeOf('vad').state).toBe('unloaded');
  });
});

describe('restart policy: the load body and placements.json', () => {
  it('accepts restart "no" | "on-failure" and max_restarts 1–100 only', () => {
    expect(LoadModel.safeParse({ restart: 'on-failure', max_restarts: 3 }).success).toBe(true);
    expect(LoadModel.safeParse({ restart: 'always' }).success).toBe(false);
    expect(LoadModel.safeParse({ max_restarts: 0 }).success).toBe(false);
    expect(LoadModel.safeParse({ max_restarts: 101 }).success).toBe(false);
  });

  it('reads the first format (ids alone) and the one with a policy, and drops lines it cannot trust', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'placements.json'), JSON.stringify({
      old: [1], new: { gpuDeviceIds: [2], restart: { policy: 'on-failure', maxRestarts: 3 } },
      badPolicy: { gpuDeviceIds: [0], restart: { policy: 'always', maxRestarts: 3 } }, badIds: { gpuDeviceIds: [-1], restart: { policy: 'no', maxRestarts: 1 } },
    }));
    const store = new PlacementStore(dir);
    expect([store.get('old'), store.restartOf('old')]).toEqual([[1], undefined]);
    expect([store.get('new'), store.restartOf('new')]).toEqual([[2], { policy: 'on-failure', maxRestarts: 3 }]);
    expect([store.get('badPolicy'), store.get('badIds')]).toEqual([undefined, undefined]);
    // Without a policy a line keeps the first format.
    store.set('old', [3], { policy: 'no', maxRestarts: 5 });
    expect(JSON.parse(readFileSync(join(dir, 'placements.json'), 'utf8')).old).toEqual([3]);
  });
});

describe('GPU lost (reliability.md F10)', () => {
  it('fails the models on the lost GPU with gpu_lost, stops their engines, keeps CPU models serving, and does not reload them elsewhere', async () => {
    const gpus = losableGpus([0, 1]);
    const { manager, events } = managerFixture({ source: sileroSource(['vad-gpu', 'vad-cpu']), gpus, restartBackoff: FAST });
    const onGpu = await manager.load('vad-gpu', { gpuDeviceIds: [1], restart: 'on-failure' });
    await manager.load('vad-cpu', { gpuDeviceIds: [] });
    const lease = await manager.acquire('vad-gpu');
    const inFlight = lease.run({ audio: new Float32Array(16_000 * 180) });

    gpus.lose(1);
    expect(await failure(inFlight)).toMatchObject({ code: 'gpu_lost', status: 503 });
    lease.release();
    const runtime = manager.runtimeOf('vad-gpu');
    expect(runtime).toMatchObject({ state: 'failed', health: 'down', error: { code: 'gpu_lost' }, lastFailure: { error: { code: 'gpu_lost' } } });
    expect(runtime.error!.message).toContain('GPU 1 (NVIDIA H200)');
    expect(runtime.nextRestartAt).toBeUndefined();
    const event = events.find((e) => e.kind === 'model.gpu_lost')!;
    expect(event).toMatchObject({ level: 'error', model: 'vad-gpu', data: { gpuIndex: 1, code: 'gpu_lost' } });
    for (let i = 0; i < 100 && isAlive(onGpu.pid!); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(onGpu.pid!)).toBe(false);

    // A request for it gets the reason, and no load lands on GPU 0 behind the operator's back.
    expect(await failure(manager.acquire('vad-gpu'))).toMatchObject({ code: 'gpu_lost', status: 503 });
    expect(manager.runtimeOf('vad-gpu').state).toBe('failed');
    const cpu = await manager.acquire('vad-cpu');
    expect(((await cpu.run({ audio: new Float32Array(16_000) })) as { segments: unknown[] }).segments).toEqual([]);
    cpu.release();
    expect(manager.runtimeOf('vad-cpu')).toMatchObject({ state: 'loaded', health: 'ok' });

    // The GPU back: the next request loads it again where it was.
    gpus.restore(1);
    (await manager.acquire('vad-gpu')).release();
    expect(manager.runtimeOf('vad-gpu')).toMatchObject({ state: 'loaded', gpuDeviceIds: [1], health: 'ok' });
    await manager.stopAll();
  });
});
