import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../gateway/logging/logger';
import { UpstreamHost } from '../../../gateway/engines/llm/upstream-engine';
import type { LlmEngineHandle } from '../../../gateway/engines/llm/llm-engine-handle';
import { publicEngineOptions } from '../../../gateway/engines/llm/upstream-options';
import type { EngineExit } from '../../../gateway/engines/engine-host';
import type { GatewayError } from '../../../gateway/errors';
import { readRequestEvents, runFakeServer } from '../../fixtures/fake-vllm';
import { tempDir } from '../../helpers/temp-dir';
import { LogCapture } from '../../helpers/log-capture';
import { llmGateway } from './llm-gateway';

const KEY = 'sk-upstream-cluster-key-0042';
const dir = tempDir('passerelle-upstream-');
const requests = `${dir}/requests.jsonl`;
const logs = new LogCapture();
const host = new UpstreamHost(createLogger('debug', { destination: logs }), { probeIntervalMs: 100, probeTimeoutMs: 300, probeFailures: 2 });
let cluster: Awaited<ReturnType<typeof runFakeServer>>;
let t: Awaited<ReturnType<typeof llmGateway>>;

beforeAll(async () => {
  cluster = await runFakeServer(dir, ['--served-model-name', 'Qwen/Qwen2.5-72B-Instruct', '--api-key', KEY], { FAKE_VLLM_EVENTS: requests });
  t = await llmGateway();
});
afterAll(() => cluster.stop());

const attach = (options: Record<string, unknown>) => host.start({ key: 'big', engine: 'openai-upstream', snapshotDirs: {}, gpuDeviceIds: [], options });
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as GatewayError);

describe('attached OpenAI-compatible upstream', () => {
  it('attaches with its own key and model name, and serves chat through the gateway under the catalog key', async () => {
    const handle = await attach({ baseUrl: cluster.baseUrl, apiKey: KEY, model: 'Qwen/Qwen2.5-72B-Instruct' }) as LlmEngineHandle;
    expect(handle.pids).toEqual([]);
    t.registry.add(handle.llm);
    const answer = await t.client.chat.completions.create({ model: 'big', messages: [{ role: 'user', content: 'hello' }], max_tokens: 2 });
    expect(answer.choices[0]!.message.content).toBe('Bonjour from');
    // The fake records a request when its response closes, a moment after the client has it.
    for (let i = 0; i < 50 && readRequestEvents(requests).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(readRequestEvents(requests).at(-1)).toMatchObject({ event: 'done', model: 'Qwen/Qwen2.5-72B-Instruct' });
    expect(t.gw.logs.text).not.toContain(KEY);
    await handle.stop();
  });

  it('refuses to attach with a wrong key, a model the upstream does not serve, or a dead URL, saying which', async () => {
    expect((await failure(attach({ baseUrl: cluster.baseUrl, apiKey: 'sk-wrong-key-123456' })))?.message).toContain('refused the API key');
    const notServed = await failure(attach({ baseUrl: cluster.baseUrl, apiKey: KEY, model: 'llama' }));
    expect(notServed?.message).toContain('it serves: Qwen/Qwen2.5-72B-Instruct');
    expect(notServed?.code).toBe('engine_load_failed');
    expect((await failure(attach({ baseUrl: 'http://127.0.0.1:1/v1' })))?.message).toContain('does not answer');
    expect((await failure(attach({ baseUrl: 'http://user:pw@example.com/v1' })))?.code).toBe('invalid_model_options');
    expect((await failure(attach({ apiKey: KEY })))?.param).toBe('options.baseUrl');
  });

  it('takes no GPU memory wherever the placement puts it (the preflight counts nothing)', () => {
    expect(host.neededBytesPerGpu(null, [0, 3])).toEqual([0, 0]);
  });

  it('never shows the upstream key through the admin view of the options', () => {
    const shown = publicEngineOptions({ baseUrl: cluster.baseUrl, apiKey: KEY, model: 'm' });
    expect(JSON.stringify(shown)).not.toContain(KEY);
    expect(shown).toMatchObject({ apiKeyConfigured: true, apiKeyMasked: 'sk-…0042' });
  });

  it('reports the upstream failed when its health probe keeps failing', async () => {
    const other = await runFakeServer(dir, ['--served-model-name', 'm2']);
    const handle = await attach({ baseUrl: other.baseUrl, model: 'm2' });
    const exit = new Promise<EngineExit>((resolve) => handle.onExit(resolve));
    other.stop();
    const { reason } = await exit;
    expect(reason).toContain('does not answer');
    expect(reason).toContain('2 probes in a row');
  });
});
