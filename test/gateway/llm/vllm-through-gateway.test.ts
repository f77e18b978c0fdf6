import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ModelEntry } from '../../../gateway/contract/models';
import type { ModelRuntime } from '../../../gateway/contract/lifecycle';
import type { EventsResponse } from '../../../gateway/contract/events';
import { isAlive } from '../../../gateway/engines/llm/process-group';
import { startTestGateway, type TestGateway } from '../../helpers/in-process-gateway';
import { tempDir } from '../../helpers/temp-dir';
import { startTestHub, type TestHub } from '../../fixtures/hub/hub-server';
import { presetRepos } from '../../fixtures/hub/preset-repos';
import { FAKE_VLLM, readRecord, runFakeServer } from '../../fixtures/fake-vllm';

const FAKE_NVIDIA_SMI = join(import.meta.dirname, '..', '..', 'fixtures', 'fake-nvidia-smi.mjs');
// Qwen2.5-7B-Instruct's head counts: 28 attention heads, 4 key/value heads.
const QWEN_CONFIG = JSON.stringify({ architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', num_attention_heads: 28, num_key_value_heads: 4, max_position_embeddings: 32768 });

const dir = tempDir('passerelle-vllm-gw-');
const record = join(dir, 'vllm-record.json');
let hub: TestHub;
let gw: TestGateway;
let client: OpenAI;
/** The fake vLLM reads its switches from the gateway's environment (this process's). */
const knobs = ['FAKE_VLLM_FAIL', 'FAKE_VLLM_CRASH_AFTER_TOKENS', 'FAKE_VLLM_HANG', 'FAKE_VLLM_TOKEN_MS'];
const setKnobs = (values: Record<string, string>) => {
  for (const k of knobs) delete process.env[k];
  Object.assign(process.env, values);
};

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const load = (key: string, body: Record<string, unknown>) => gw.admin(`/api/admin/models/${key}/load`, { method: 'POST', body: JSON.stringify(body) });
const unload = (key: string) => gw.admin(`/api/admin/models/${key}/unload`, { method: 'POST' });

beforeAll(async () => {
  hub = await startTestHub({ repos: presetRepos({ 'Qwen/Qwen2.5-7B-Instruct': { 'config.json': QWEN_CONFIG } }).filter((r) => r.id === 'Qwen/Qwen2.5-7B-Instruct') });
  Object.assign(process.env, { FAKE_NVIDIA_SMI_GPUS: '8', FAKE_VLLM_RECORD: record, FAKE_VLLM_STARTUP_MS: '150', FAKE_VLLM_ENGINE_CORE: '1' });
  gw = await startTestGateway({ HF_ENDPOINT: hub.url, VLLM_COMMAND: FAKE_VLLM, NVIDIA_SMI: FAKE_NVIDIA_SMI, GPU_POLL_MS: '200' });
  await gw.deps.gpus!.whenReady();
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0, timeout: 20_000 });
  await gw.admin('/api/admin/models/qwen/download', { method: 'POST' });
  for (let i = 0; ; i++) {
    const entry = await json<ModelEntry>(await gw.admin('/api/admin/models/qwen'));
    if (entry.cache.state === 'complete') break;
    if (i > 500) throw new Error(`qwen not downloaded: ${JSON.stringify(entry.download)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(async () => {
  setKnobs({});
  for (const k of ['FAKE_VLLM_RECORD', 'FAKE_VLLM_STARTUP_MS', 'FAKE_VLLM_ENGINE_CORE', 'FAKE_NVIDIA_SMI_GPUS']) delete process.env[k];
  await gw.stop();
  await hub.close();
});

describe('qwen on vLLM through the gateway (fake vllm, fake nvidia-smi with 8 GPUs)', () => {
  it('loads qwen on [2,5] with --tensor-parallel-size 2 and CUDA_VISIBLE_DEVICES=2,5, chats, and unloads to no process', async () => {
    const res = await load('qwen', { gpu_device_ids: [5, 2], options: { maxModelLen: 8192 } });
    expect(res.status).toBe(200);
    const { runtime } = await json<ModelRuntime>(res);
    expect(runtime).toMatchObject({ state: 'loaded', gpuDeviceIds: [5, 2], device: 'cuda' });
    const rec = readRecord(record);
    const flag = (name: string) => rec.argv[rec.argv.indexOf(name) + 1];
    expect(rec.argv[0]).toBe('serve');
    expect(rec.argv[1]).toMatch(/models--Qwen--Qwen2\.5-7B-Instruct\/snapshots\/[0-9a-f]{40}$/);
    expect(flag('--tensor-parallel-size')).toBe('2');
    expect(flag('--served-model-name')).toBe('qwen');
    expect(flag('--host')).toBe('127.0.0.1');
    expect(flag('--max-model-len')).toBe('8192');
    expect(rec.env).toMatchObject({ CUDA_VISIBLE_DEVICES: '2,5', HF_HUB_OFFLINE: '1', VLLM_NO_USAGE_STATS: '1', HF_HOME: gw.cacheDir });
    expect(runtime.pid).toBe(rec.pid);

    const answer = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'bonjour' }], max_tokens: 3 });
    expect(answer.choices[0]!.message.content).toBe('Bonjour from the');

    const after = await json<ModelRuntime>(await unload('qwen'));
    expect(after.runtime.state).toBe('unloaded');
    expect(isAlive(rec.pid)).toBe(false);
    expect(isAlive(rec.engineCorePid!)).toBe(false);
  });

  it('refuses a tensor-parallel size that does not divide the heads, before starting vLLM', async () => {
    rmSync(record, { force: true });
    const res = await load('qwen', { gpu_device_ids: [0, 1, 2] });
    expect(res.status).toBe(400);
    const { error } = await json<{ error: { code: string; hint: string } }>(res);
    expect(error.code).toBe('invalid_tensor_parallel_size');
    expect(error.hint).toContain('1, 2, 4');
    expect(existsSync(record)).toBe(false);
  });

  it('turns vLLM\'s out-of-memory at start into insufficient_gpu_memory with the suggested max length', async () => {
    setKnobs({ FAKE_VLLM_FAIL: 'oom-max-len' });
    try {
      const res = await load('qwen', { gpu_device_ids: [3] });
      expect(res.status).toBe(507);
      const { error } = await json<{ error: { code: string; message: string; hint: string } }>(res);
      expect(error.code).toBe('insufficient_gpu_memory');
      expect(error.message).toContain('the estimated maximum model length is 32000');
      expect(error.hint).toContain('maxModelLen = 32000');
      const entry = await json<ModelEntry>(await gw.admin('/api/admin/models/qwen'));
      expect(entry.runtime.state).toBe('failed');
      expect(entry.runtime.error?.hint).toContain('maxModelLen = 32000');
      expect(isAlive(readRecord(record).engineCorePid!)).toBe(false);
    } finally {
      setKnobs({});
    }
  });

  it('loads lazily on the first chat request', async () => {
    await unload('qwen');
    const answer = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });
    expect(answer.choices[0]!.message.content).toBe('Bonjour from');
    const entry = await json<ModelEntry>(await gw.admin('/api/admin/models/qwen'));
    expect(entry.runtime.state).toBe('loaded');
    await unload('qwen');
  });

  it('a crash mid-stream gives the client an error event, marks the model failed, and the gateway keeps serving', async () => {
    setKnobs({ FAKE_VLLM_CRASH_AFTER_TOKENS: '3', FAKE_VLLM_TOKEN_MS: '10' });
    try {
      expect((await load('qwen', { gpu_device_ids: [1] })).status).toBe(200);
      const stream = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'tell me' }], max_tokens: 50, stream: true });
      const parts: string[] = [];
      const err = await (async () => {
        for await (const chunk of stream) parts.push(chunk.choices[0]?.delta.content ?? '');
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect(parts.join('')).toBe('Bonjour from the');
      for (let i = 0; i < 100 && (await json<ModelEntry>(await gw.admin('/api/admin/models/qwen'))).runtime.state !== 'failed'; i++) await new Promise((r) => setTimeout(r, 20));
      const entry = await json<ModelEntry>(await gw.admin('/api/admin/models/qwen'));
      expect(entry.runtime.state).toBe('failed');
      expect(entry.runtime.error?.message).toContain('exited');
      expect(isAlive(readRecord(record).engineCorePid!)).toBe(false);
      expect((await fetch(`${gw.url}/healthz`)).status).toBe(200);
      expect((await client.models.list()).data.length).toBeGreaterThan(0);
    } finally {
      setKnobs({});
    }
  });

  it('a hung engine answers 504 upstream_timeout within the configured bound', async () => {
    setKnobs({ FAKE_VLLM_HANG: '1' });
    try {
      expect((await load('qwen', { gpu_device_ids: [1], options: { firstByteTimeoutSeconds: 0.5 } })).status).toBe(200);
      const started = Date.now();
      const err = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenAI.APIError);
      expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
      expect((err as { code: string }).code).toBe('upstream_timeout');
      expect(Date.now() - started).toBeLessThan(3000);
      await unload('qwen');
    } finally {
      setKnobs({});
    }
  });

  it('attaches an OpenAI-compatible upstream from the admin API, hides its key, and serves chat through it', async () => {
    const key = 'sk-remote-cluster-0099';
    const remote = await runFakeServer(dir, ['--served-model-name', 'Qwen/Qwen2.5-72B-Instruct', '--api-key', key]);
    try {
      const noUrl = await gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key: 'broken-remote', engine: 'openai-upstream', task: 'chat', options: { apiKey: key } }) });
      expect(noUrl.status).toBe(400);
      expect((await json<{ error: { param: string } }>(noUrl)).error.param).toBe('options.baseUrl');
      const added = await gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key: 'qwen-72b', engine: 'openai-upstream', task: 'chat', options: { baseUrl: remote.baseUrl, apiKey: key, model: 'Qwen/Qwen2.5-72B-Instruct' } }) });
      expect(added.status).toBe(201);
      const listed = await (await gw.admin('/api/admin/models')).text();
      expect(listed).not.toContain(key);
      expect(listed).toContain('sk-…0099');
      const answer = await client.chat.completions.create({ model: 'qwen-72b', messages: [{ role: 'user', content: 'hello' }], max_tokens: 2 });
      expect(answer.choices[0]!.message.content).toBe('Bonjour from');
      const events = await json<EventsResponse>(await gw.admin('/api/admin/events?model=qwen-72b'));
      expect(events.events.map((e) => e.kind)).toContain('model.loaded');
      expect(gw.logs.text).not.toContain(key);
      await unload('qwen-72b');
    } finally {
      remote.stop();
    }
  });

  it('refuses a model that is not a chat model without loading it', async () => {
    const err = await client.chat.completions.create({ model: 'canary', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((err as { code: string }).code).toBe('wrong_model_task');
    const entry = await json<ModelEntry>(await gw.admin('/api/admin/models/canary'));
    expect(entry.runtime.state).toBe('unloaded');
  });
});
