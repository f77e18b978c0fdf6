import { describe, expect, it } from 'vitest';
import { streamChat } from '../../../renderer/api/chat-stream';
import { ApiError } from '../../../renderer/api/api-error';
import { createGatewayClient } from '../../../renderer/api/gateway-client';

/** A client whose /v1/chat/completions answers these SSE `data:` lines. */
function clientAnswering(lines: string[]) {
  const body = lines.map((l) => `data: ${l}\n\n`).join('');
  return createGatewayClient(() => ({ baseUrl: '', adminToken: 't', apiKey: null }), async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
}

async function run(lines: string[]) {
  const deltas: string[] = [];
  let usage: number | null = null;
  const error = await streamChat(clientAnswering(lines), { model: 'qwen', messages: [] }, new AbortController().signal, {
    onDelta: (t) => deltas.push(t),
    onUsage: (n) => { usage = n; },
  }).then(() => null, (err: unknown) => err);
  return { deltas, usage, error };
}

const chunk = (content: unknown, usage: unknown = null) => JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: content === undefined ? [] : [{ index: 0, delta: { content } }], usage });

describe('streamChat', () => {
  it('hands text and the final usage on, and ends at [DONE]', async () => {
    const r = await run([chunk('Hel'), chunk('lo'), chunk(null), chunk(undefined, { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }), '[DONE]']);
    expect(r).toEqual({ deltas: ['Hel', 'lo'], usage: 2, error: null });
  });

  it('ends with the gateway\'s error event', async () => {
    const r = await run([chunk('a'), JSON.stringify({ error: { message: 'Model unloaded.', type: 'api_error', param: null, code: 'model_not_loaded' } })]);
    expect(r.error).toBeInstanceOf(ApiError);
    expect((r.error as ApiError).code).toBe('model_not_loaded');
  });

  it('refuses a chunk that is not JSON or breaks the chunk schema, instead of showing it', async () => {
    const notJson = await run(['{oops']);
    expect((notJson.error as ApiError).code).toBe('stream_error');
    const badContent = await run([chunk(42), '[DONE]']);
    expect((badContent.error as ApiError).code).toBe('contract_mismatch');
    expect(badContent.deltas).toEqual([]);
  });
});
