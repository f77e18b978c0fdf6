import { afterAll } from 'vitest';
import type { ModelEntry } from '../../gateway/contract/models';
import { startTestGateway, type TestGateway } from './in-process-gateway';
import { startTestHub } from '../fixtures/hub/hub-server';
import { presetRepos } from '../fixtures/hub/preset-repos';
import { FAKE_VLLM } from '../fixtures/fake-vllm';

// Qwen2.5-7B-Instruct's head counts: 28 attention heads, 4 key/value heads.
const QWEN_CONFIG = JSON.stringify({ architectures: ['Qwen2ForCausalLM'], model_type: 'qwen2', num_attention_heads: 28, num_key_value_heads: 4 });

/**
 * The real gateway over the fake vLLM and a fake nvidia-smi, with the qwen preset downloaded from
 * a test hub, and `extraVllmKeys` added as user vLLM entries of the same repo (other models to
 * keep serving). The fake vLLM reads `vllmKnobs` from this process's environment; both are
 * restored after the file.
 */
export async function vllmTestGateway(o: { nvidiaSmi: string; vllmKnobs: Record<string, string>; extraVllmKeys?: string[]; env?: Record<string, string> }): Promise<TestGateway> {
  const hub = await startTestHub({ repos: presetRepos({ 'Qwen/Qwen2.5-7B-Instruct': { 'config.json': QWEN_CONFIG } }).filter((r) => r.id === 'Qwen/Qwen2.5-7B-Instruct') });
  Object.assign(process.env, o.vllmKnobs);
  const gw = await startTestGateway({ HF_ENDPOINT: hub.url, VLLM_COMMAND: FAKE_VLLM, NVIDIA_SMI: o.nvidiaSmi, GPU_POLL_MS: '200', ...o.env });
  afterAll(async () => {
    await gw.stop();
    for (const k of Object.keys(o.vllmKnobs)) delete process.env[k];
    await hub.close();
  });
  await gw.deps.gpus!.whenReady();
  for (const key of o.extraVllmKeys ?? []) {
    const added = await gw.admin('/api/admin/models', { method: 'POST', body: JSON.stringify({ key, engine: 'vllm', task: 'chat', repo: 'Qwen/Qwen2.5-7B-Instruct' }) });
    if (added.status !== 201) throw new Error(`cannot add ${key}: ${await added.text()}`);
  }
  for (const key of ['qwen', ...(o.extraVllmKeys ?? [])]) {
    await gw.admin(`/api/admin/models/${key}/download`, { method: 'POST' });
    for (let i = 0; ; i++) {
      const entry = (await (await gw.admin(`/api/admin/models/${key}`)).json()) as ModelEntry;
      if (entry.cache.state === 'complete') break;
      if (i > 1000) throw new Error(`${key} not downloaded: ${JSON.stringify(entry.download)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  return gw;
}
