import { ChatCompletionChunk } from '../../gateway/contract/chat';
import { ErrorObject } from '../../gateway/contract/errors';
import { routes } from '../../gateway/contract/routes';
import { ApiError, contractError } from './api-error';
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
  const res = await client.raw(routes.chatCompletions.path, {
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
      handleChunk(ev.data, handlers);
    }
  }
}

/** One chunk: an error ends the stream with the gateway's words; text and usage go to the handlers. */
function handleChunk(data: string, handlers: ChatStreamHandlers): void {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw streamError(`The stream carried a chunk that is not JSON: ${data.slice(0, 120)}`);
  }
  const error = (json as { error?: unknown } | null)?.error;
  if (error) {
    const parsed = ErrorObject.safeParse(error);
    throw parsed.success ? new ApiError(502, parsed.data) : streamError(JSON.stringify(error));
  }
  const chunk = ChatCompletionChunk.safeParse(json);
  if (!chunk.success) {
    const issue = chunk.error.issues[0];
    throw contractError('POST /v1/chat/completions (stream)', `${issue?.path.join('.') || 'chunk'}: ${issue?.message}`);
  }
  const text = chunk.data.choices[0]?.delta?.content;
  if (text) handlers.onDelta(text);
  const usage = chunk.data.usage;
  if (usage) handlers.onUsage?.(usage.completion_tokens);
}

function streamError(message: string): ApiError {
  return new ApiError(0, { message, type: 'api_error', param: null, code: 'stream_error', hint: 'See the Events page and the gateway log for the cause, then send again.' });
}
