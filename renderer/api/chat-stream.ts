import { ErrorObject } from '../../gateway/contract/errors';
import { ApiError } from './api-error';
import type { GatewayClient } from './gateway-client';
import { SseParser } from './sse-parser';

export interface ChatStreamHandlers {
  onDelta: (text: string) => void;
  onUsage?: (completionTokens: number) => void;
}

/**
 * POST /v1/chat/completions with stream=true, read as OpenAI's SSE chunks. An error after the
 * first byte arrives as `data: {"error": …}` (the gateway never ends a failed stream silently),
 * and a stream cut before `[DONE]` is an error too.
 */
export async function streamChat(client: GatewayClient, body: Record<string, unknown>, signal: AbortSignal, handlers: ChatStreamHandlers): Promise<void> {
  const res = await client.raw('/v1/chat/completions', {
    auth: 'v1',
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
    signal,
  });
  if (!res.body) throw streamError('The gateway sent no body.');
  const parser = new SseParser();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw streamError('The stream ended before [DONE]: the model or the gateway stopped mid-answer.');
    for (const ev of parser.push(decoder.decode(value, { stream: true }))) {
      if (ev.data === '[DONE]') return;
      handleChunk(JSON.parse(ev.data) as Record<string, unknown>, handlers);
    }
  }
}

function handleChunk(chunk: Record<string, unknown>, handlers: ChatStreamHandlers): void {
  if (chunk.error) {
    const parsed = ErrorObject.safeParse(chunk.error);
    throw parsed.success ? new ApiError(502, parsed.data) : streamError(JSON.stringify(chunk.error));
  }
  const choices = chunk.choices as Array<{ delta?: { content?: string | null } }> | undefined;
  const text = choices?.[0]?.delta?.content;
  if (text) handlers.onDelta(text);
  const usage = chunk.usage as { completion_tokens?: number } | null | undefined;
  if (usage?.completion_tokens !== undefined) handlers.onUsage?.(usage.completion_tokens);
}

function streamError(message: string): ApiError {
  return new ApiError(0, { message, type: 'api_error', param: null, code: 'stream_error', hint: 'See the Events page and the gateway log for the cause, then send again.' });
}
