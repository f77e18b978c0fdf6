import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { LlmHandle } from '../../../gateway/engines/llm/llm-handle';
import { readRequestEvents } from '../../fixtures/fake-vllm';
import { vllmHarness } from '../engines/llm/vllm-harness';
import { llmGateway } from './llm-gateway';

const h = vllmHarness();
let vllm: LlmHandle;
let requests: string;
let t: Awaited<ReturnType<typeof llmGateway>>;

beforeAll(async () => {
  t = await llmGateway();
  const started = h.start({ FAKE_VLLM_TOKEN_MS: '20' });
  requests = started.requests;
  vllm = await started.handle;
  t.registry.add(vllm);
});
afterAll(async () => {
  await vllm.stop();
  h.registry.close();
});

describe('chat through the gateway with the openai client', () => {
  it('answers a chat completion, with usage', async () => {
    const answer = await t.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'say hello to me' }], max_tokens: 5 });
    expect(answer.choices[0]!.message.content).toBe('Bonjour from the fake vLLM');
    expect(answer.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 5 });
  });

  it('streams a chat completion chunk by chunk, without the usage event the client did not ask for', async () => {
    const stream = await t.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, stream: true });
    const parts: string[] = [];
    let usageSeen = false;
    for await (const chunk of stream) {
      if (chunk.usage) usageSeen = true;
      parts.push(chunk.choices[0]?.delta.content ?? '');
    }
    expect(parts.join('')).toBe('Bonjour from the fake');
    expect(usageSeen).toBe(false);
  });

  it('passes the usage event on when the client asks for it', async () => {
    const stream = await t.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, stream: true, stream_options: { include_usage: true } });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    expect(usage).toMatchObject({ completion_tokens: 3 });
  });

  it('answers completions, streamed and not', async () => {
    const done = await t.client.completions.create({ model: 'qwen', prompt: 'Once upon', max_tokens: 3 });
    expect(done.choices[0]!.text).toBe('Bonjour from the');
    const stream = await t.client.completions.create({ model: 'qwen', prompt: 'Once upon', max_tokens: 3, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Bonjour from the');
  });

  it('answers embeddings (the client asks for base64 and decodes it)', async () => {
    const res = await t.client.embeddings.create({ model: 'qwen', input: ['alpha', 'beta'] });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]!.embedding).toHaveLength(8);
    const norm = Math.hypot(...res.data[0]!.embedding);
    expect(norm).toBeCloseTo(1, 4);
    expect(res.data[0]!.embedding).not.toEqual(res.data[1]!.embedding);
  });

  it('passes unknown fields on and keeps the engine\'s 4xx in the OpenAI shape', async () => {
    const before = readRequestEvents(requests).length;
    await t.client.chat.completions.create({
      model: 'qwen', messages: [{ role: 'user', content: 'x' }], max_tokens: 1, logprobs: true, response_format: { type: 'json_object' },
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      // @ts-expect-error an engine-specific field the client does not know
      top_k: 5,
    });
    // The fake records a request when its response closes, a moment after the client has it.
    await waitFor(() => readRequestEvents(requests).length > before, 1000);
    const seen = readRequestEvents(requests).slice(before)[0]!;
    expect(seen.fields).toEqual(expect.arrayContaining(['logprobs', 'response_format', 'tools', 'top_k']));
    const err = await t.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'x' }], max_tokens: 999_999 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.status).toBe(400);
    expect(e.message).toContain('maximum context length is 4096');
    expect(e.param).toBe('max_tokens');
  });

  it('refuses an unknown model with 404 model_not_found, and a body without messages with 400', async () => {
    const err = await t.client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as { code: string }).code).toBe('model_not_found');
    const res = await fetch(`${t.gw.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'qwen', messages: [] }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('messages');
  });

  it('aborts the engine request within a second when the client disconnects mid-stream', async () => {
    const before = readRequestEvents(requests).length;
    const controller = new AbortController();
    const stream = await t.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'long' }], max_tokens: 500, stream: true }, { signal: controller.signal });
    let n = 0;
    const closedAt = await (async () => {
      try {
        for await (const _ of stream) if (++n === 3) { controller.abort(); return Date.now(); }
      } catch { /* aborted */ }
      return Date.now();
    })();
    await waitFor(() => readRequestEvents(requests).slice(before).some((e) => e.event === 'aborted'), 1000);
    const aborted = readRequestEvents(requests).slice(before).find((e) => e.event === 'aborted')!;
    expect(aborted.at - closedAt).toBeLessThan(1000);
  });

  it('aborts a non-streamed engine request when the client goes away', async () => {
    const before = readRequestEvents(requests).length;
    const controller = new AbortController();
    const pending = t.client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'long' }], max_tokens: 500 }, { signal: controller.signal }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 200));
    controller.abort();
    expect(await pending).toBe('aborted');
    await waitFor(() => readRequestEvents(requests).slice(before).some((e) => e.event === 'aborted' && e.path === '/v1/chat/completions'), 1000);
  });

  it('counts tokens per key in /metrics, and never logs message contents at info', async () => {
    const key = (await (await t.gw.admin('/api/admin/keys', { method: 'POST', body: JSON.stringify({ name: 'team-a' }) })).json()) as { key: string };
    const client = new OpenAI({ baseURL: `${t.gw.url}/v1`, apiKey: key.key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'the secret recipe is tarte tatin' }], max_tokens: 2 });
    const stream = await client.chat.completions.create({ model: 'qwen', messages: [{ role: 'user', content: 'again tarte tatin' }], max_tokens: 3, stream: true });
    for await (const _ of stream) { /* drain */ }
    const metrics = await (await t.gw.admin('/metrics')).text();
    expect(metrics).toMatch(/passerelle_llm_tokens_total\{key="team-a",model="qwen",kind="completion"\} 5/);
    expect(metrics).toMatch(/passerelle_llm_tokens_total\{key="team-a",model="qwen",kind="prompt"\} 9/);
    const infoLines = t.gw.logs.lines.filter((l) => JSON.parse(l).level >= 30);
    expect(infoLines.join('\n')).not.toContain('tarte tatin');
    expect(infoLines.some((l) => l.includes('"llm request"'))).toBe(true);
  });
});

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
