import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../../../../gateway/errors';
import { isAlive } from '../../../../gateway/engines/llm/process-group';
import type { EngineExit, LlmHandle } from '../../../../gateway/engines/llm/llm-handle';
import { readRecord, writeSnapshot } from '../../../fixtures/fake-vllm';
import { vllmHarness } from './vllm-harness';

const h = vllmHarness();
const running: LlmHandle[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  h.registry.close();
});

async function failure(p: Promise<unknown>): Promise<GatewayError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

describe('vLLM engine', () => {
  it('starts vllm serve on the chosen GPUs with the documented argv and environment, and serves the model', async () => {
    const secrets = { HUGGINGFACE_TOKEN: 'hf_secret', HF_TOKEN: 'hf_secret', ADMIN_TOKEN: 'admin-secret', OPENAI_API_KEYS: 'sk-a,sk-b' };
    const { handle, record } = h.start(secrets, [5, 2], { maxModelLen: 8192, dtype: 'bfloat16', enforceEager: true });
    const vllm = await handle;
    running.push(vllm);
    const rec = readRecord(record);
    expect(rec.argv.slice(0, 2)).toEqual(['serve', h.snapshot]);
    const flag = (name: string) => rec.argv[rec.argv.indexOf(name) + 1];
    expect(flag('--tensor-parallel-size')).toBe('2');
    expect(flag('--served-model-name')).toBe('qwen');
    expect(flag('--host')).toBe('127.0.0.1');
    expect(flag('--gpu-memory-utilization')).toBe('0.9');
    expect(flag('--max-model-len')).toBe('8192');
    expect(flag('--dtype')).toBe('bfloat16');
    expect(rec.argv).toContain('--enforce-eager');
    expect(rec.env).toMatchObject({ CUDA_VISIBLE_DEVICES: '2,5', HF_HUB_OFFLINE: '1', VLLM_NO_USAGE_STATS: '1', HF_HOME: h.dir });
    // The gateway's secrets never reach vLLM (the model workers' rule).
    for (const name of Object.keys(secrets)) expect(rec.env).not.toHaveProperty(name);
    expect(vllm.baseUrl).toBe(`http://127.0.0.1:${flag('--port')}/v1`);
    // Only the gateway can use vLLM's port: a key in its environment, never in its argv.
    expect((await fetch(`${vllm.baseUrl}/models`)).status).toBe(401);
    expect(rec.env.VLLM_API_KEY).toBe(vllm.apiKey);
    expect(rec.argv.join(' ')).not.toContain(vllm.apiKey!);
    const models = (await (await fetch(`${vllm.baseUrl}/models`, { headers: { authorization: `Bearer ${vllm.apiKey}` } })).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual(['qwen']);
    const milestones = h.events.log.query({ kind: 'engine.logged', limit: 500 }).map((e) => e.message);
    expect(milestones.some((m) => m.includes('Application startup complete'))).toBe(true);
  });

  it('refuses a tensor-parallel size that does not divide the attention heads, before starting anything', async () => {
    const { handle, record } = h.start({}, [0, 1, 2]);
    const err = await failure(handle);
    expect(err.code).toBe('invalid_tensor_parallel_size');
    expect(err.status).toBe(400);
    expect(err.hint).toContain('among 1, 2, 14');
    expect(existsSync(record)).toBe(false);
  });

  it('refuses an option outside the allow-list, naming it', async () => {
    const err = await failure(h.start({}, [0], { trustRemoteCode: true }).handle);
    expect(err.code).toBe('invalid_model_options');
    expect(err.param).toBe('options.trustRemoteCode');
    const port = await failure(h.start({}, [0], { gpuMemoryUtilization: 1.5 }).handle);
    expect(port.message).toContain('gpuMemoryUtilization');
  });

  it.each([
    ['oom-free-memory', 'Free memory on device (6.44/79.19 GiB)', 'gpuMemoryUtilization ≤ 0.06'],
    ['oom-max-len', 'estimated maximum model length is 32000', 'options.maxModelLen = 32000'],
    ['oom-no-cache-blocks', 'No available memory for the cache blocks', 'raise options.gpuMemoryUtilization'],
    ['oom-cuda', 'CUDA out of memory', 'more GPUs'],
  ])('turns %s at start into insufficient_gpu_memory with vLLM\'s message and the fix', async (kind, message, hint) => {
    const { handle, record } = h.start({ FAKE_VLLM_FAIL: kind, FAKE_VLLM_ENGINE_CORE: '1' });
    const err = await failure(handle);
    expect(err.code).toBe('insufficient_gpu_memory');
    expect(err.message).toContain(message);
    expect(err.hint).toContain(hint);
    const rec = readRecord(record);
    expect(isAlive(rec.pid)).toBe(false);
    expect(isAlive(rec.engineCorePid!)).toBe(false);
  });

  it('reports an unknown crash at start as engine_load_failed with vLLM\'s last lines', async () => {
    const err = await failure(h.start({ FAKE_VLLM_FAIL: 'crash' }).handle);
    expect(err.code).toBe('engine_load_failed');
    expect(err.message).toContain('exited before serving "qwen" (code 1)');
    expect(err.message).toContain('Engine core initialization failed');
  });

  it('reports a command that does not exist with what to install', async () => {
    const { startVllm } = await import('../../../../gateway/engines/llm/vllm-engine');
    const { createLogger } = await import('../../../../gateway/logging/logger');
    const err = await failure(startVllm({ key: 'qwen', snapshotDir: h.snapshot, gpuDeviceIds: [0], options: {} }, {
      command: [join(h.dir, 'no-such-vllm')], cacheDir: h.dir, events: h.events, logger: createLogger('silent'), registry: h.registry,
    }));
    expect(err.code).toBe('engine_load_failed');
    expect(err.hint).toContain('VLLM_COMMAND');
  });

  it('gives up on an engine that never becomes ready within the bound, leaving no process', async () => {
    const { handle, record } = h.start({ FAKE_VLLM_STARTUP_MS: '60000' }, [0], { startupTimeoutSeconds: 0.6 });
    const err = await failure(handle);
    expect(err.code).toBe('engine_load_failed');
    expect(err.hint).toContain('startupTimeoutSeconds');
    expect(isAlive(readRecord(record).pid)).toBe(false);
  });

  it('stops with SIGTERM to the group, and SIGKILL when vLLM ignores it; no process is left', async () => {
    const { handle, record } = h.start({ FAKE_VLLM_IGNORE_SIGTERM: '1', FAKE_VLLM_ENGINE_CORE: '1' }, [0], { stopGraceSeconds: 0.3 });
    const vllm = await handle;
    const rec = readRecord(record);
    expect(vllm.pids()).toEqual(expect.arrayContaining([rec.pid, rec.engineCorePid]));
    let exits = 0;
    vllm.onExit(() => exits++);
    const started = Date.now();
    await vllm.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(isAlive(rec.pid)).toBe(false);
    expect(isAlive(rec.engineCorePid!)).toBe(false);
    expect(exits).toBe(0);
    expect(JSON.parse(readFileSync(join(h.dir, 'llm-processes.json'), 'utf8')).groups.map((g: { pgid: number }) => g.pgid)).not.toContain(rec.pid);
  });

  it('reports a crash, and kills the engine core the crash left behind', async () => {
    const { handle, record } = h.start({ FAKE_VLLM_ENGINE_CORE: '1' });
    const vllm = await handle;
    const exit = new Promise<EngineExit>((resolve) => vllm.onExit(resolve));
    const rec = readRecord(record);
    process.kill(rec.pid, 'SIGKILL');
    const { error } = await exit;
    expect(error.code).toBe('model_crashed');
    expect(error.message).toContain('SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
    expect(isAlive(rec.engineCorePid!)).toBe(false);
  });

  it('catches a live port with a dead engine through the periodic health probe', async () => {
    const { handle, record } = h.start({ FAKE_VLLM_ENGINE_DEAD_AFTER_MS: '300' });
    const vllm = await handle;
    const exit = new Promise<EngineExit>((resolve) => vllm.onExit(resolve));
    const { error } = await exit;
    expect(error.code).toBe('model_crashed');
    expect(error.message).toContain('/health answered 503');
    expect(isAlive(readRecord(record).pid)).toBe(false);
  });

  it('accepts a model whose key/value heads are fewer than the GPUs (replicated)', async () => {
    const snap = writeSnapshot(join(h.dir, 'mqa'), 16, 1);
    const { checkTensorParallelSize } = await import('../../../../gateway/engines/llm/tensor-parallel');
    expect(() => checkTensorParallelSize('m', snap, 4)).not.toThrow();
    expect(() => checkTensorParallelSize('m', snap, 3)).toThrow(/16 attention heads/);
  });
});
