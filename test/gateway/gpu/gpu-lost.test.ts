import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import OpenAI from 'openai';
import type { ModelEntry } from '../../../gateway/contract/models';
import type { GpusResponse } from '../../../gateway/contract/gpus';
import type { EventsResponse } from '../../../gateway/contract/events';
import { isAlive } from '../../../gateway/engines/llm/process-group';
import type { TestGateway } from '../../helpers/in-process-gateway';
import { tempDir } from '../../helpers/temp-dir';
import { fakeNvidiaSmi } from '../../helpers/fake-nvidia-smi';
import { seedSileroCache } from '../../helpers/seed-silero-cache';
import { vllmTestGateway } from '../../helpers/vllm-test-gateway';
import { readRecord } from '../../fixtures/fake-vllm';

/**
 * reliability.md F10: nvidia-smi stops listing GPU 1 (the fake's hide file: a GPU fallen off the
 * bus). The model on it fails with gpu_lost, its stream ends with that error, and a request for it
 * gets it too; the model on GPU 0 and the CPU model keep serving; the gateway stays ready.
 */
const dir = tempDir('passerelle-gpu-lost-');
const hide = join(dir, 'hidden-gpus');
const record = join(dir, 'vllm-record.json');
let gw: TestGateway;
let client: OpenAI;

const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const runtime = async (key: string) => (await json<ModelEntry>(await gw.admin(`/api/admin/models/${key}`))).runtime;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, bound = 20_000): Promise<T> {
  const end = Date.now() + bound;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`not reached within ${bound} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function load(key: string, ids: number[]): Promise<void> {
  const res = await gw.admin(`/api/admin/models/${key}/load`, { method: 'POST', body: JSON.stringify({ gpu_device_ids: ids, restart: 'on-failure' }) });
  expect(res.status, await res.clone().text()).toBe(200);
}

beforeAll(async () => {
  const cacheDir = tempDir('passerelle-gpu-lost-cache-');
  seedSileroCache(cacheDir);
  gw = await vllmTestGateway({
    nvidiaSmi: fakeNvidiaSmi({ GPUS: '2', HIDE_FILE: hide }), extraVllmKeys: ['qwen-b'], env: { MODEL_CACHE_DIR: cacheDir },
    vllmKnobs: { FAKE_VLLM_RECORD: record, FAKE_VLLM_STARTUP_MS: '100', FAKE_VLLM_ENGINE_CORE: '1', FAKE_VLLM_TOKEN_MS: '50' },
  });
  client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: gw.token, maxRetries: 0, timeout: 60_000 });
  await load('silero-vad', []);
  await load('qwen-b', [0]);
  await load('qwen', [1]);
}, 60_000);

describe('GPU lost (reliability.md F10)', () => {
  it('fails the model on the GPU that disappears with gpu_lost; the other GPU and the CPU keep serving; back when the GPU is', async () => {
    const { pid, engineCorePid } = readRecord(record);
    const stream = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'go' }], stream: true, max_tokens: 2000 });
    const cut = (async () => {
      for await (const _ of stream) { /* tokens until the GPU goes */ }
    })().then(() => null, (e: unknown) => e as { code?: string });

    writeFileSync(hide, '1');
    // The monitor calls a GPU gone after it is missing from three samples (5 s at least).
    expect((await cut)?.code).toBe('gpu_lost');
    const failed = await runtime('qwen');
    expect(failed).toMatchObject({ state: 'failed', health: 'down', error: { code: 'gpu_lost' } });
    expect(failed.error!.message).toContain('GPU 1 (NVIDIA H200)');
    expect(failed.nextRestartAt).toBeUndefined(); // no restart onto a GPU that is gone
    const events = (await json<EventsResponse>(await gw.admin('/api/admin/events'))).events;
    expect(events.find((e) => e.kind === 'gpu.lost')).toMatchObject({ level: 'error', data: { index: 1 } });
    expect(events.find((e) => e.kind === 'model.gpu_lost')).toMatchObject({ model: 'qwen', data: { gpuIndex: 1, code: 'gpu_lost' } });
    expect((await json<GpusResponse>(await gw.admin('/api/gpus'))).gpus.map((g) => g.index)).toEqual([0]);
    await until(async () => isAlive(pid) || isAlive(engineCorePid!), (alive) => !alive);

    const refused = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e as InstanceType<typeof OpenAI.APIError>);
    expect(refused).toMatchObject({ status: 503, code: 'gpu_lost' });
    const other = await client.chat.completions.create({ model: 'qwen-b', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 });
    expect(other.choices[0]!.message.content).toBe('Bonjour from');
    expect(await runtime('silero-vad')).toMatchObject({ state: 'loaded', device: 'cpu', health: 'ok' });
    expect(await runtime('qwen-b')).toMatchObject({ state: 'loaded', health: 'ok' });
    expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);

    writeFileSync(hide, '');
    await until(async () => (await json<GpusResponse>(await gw.admin('/api/gpus'))).gpus.length, (n) => n === 2);
    const again = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 });
    expect(again.choices[0]!.message.content).toBe('Bonjour from');
    expect(await runtime('qwen')).toMatchObject({ state: 'loaded', gpuDeviceIds: [1], health: 'ok' });
    expect((await json<EventsResponse>(await gw.admin('/api/admin/events?kind=gpu.appeared'))).events).toHaveLength(1);
  }, 60_000);
});
