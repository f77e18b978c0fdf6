import { z } from 'zod';

/**
 * The LLM routes' bodies, as far as the gateway reads them: the rest (tools, response_format,
 * logprobs, sampling parameters…) is passed to the engine untouched, so these schemas are loose.
 * https://platform.openai.com/docs/api-reference/chat/create
 */
const ModelName = z.string().min(1, 'name a model (GET /v1/models lists them)').max(256);

const StreamOptions = z.looseObject({ include_usage: z.boolean().optional() });

export const ChatCompletionRequest = z.looseObject({
  model: ModelName,
  messages: z.array(z.looseObject({ role: z.string() })).min(1, 'send at least one message'),
  stream: z.boolean().optional(),
  stream_options: StreamOptions.nullish(),
});
export type ChatCompletionRequest = z.infer<typeof ChatCompletionRequest>;

/** https://platform.openai.com/docs/api-reference/completions/create */
export const CompletionRequest = z.looseObject({
  model: ModelName,
  prompt: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
  stream: z.boolean().optional(),
  stream_options: StreamOptions.nullish(),
});
export type CompletionRequest = z.infer<typeof CompletionRequest>;

/** https://platform.openai.com/docs/api-reference/embeddings/create */
export const EmbeddingRequest = z.looseObject({
  model: ModelName,
  input: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))]),
  encoding_format: z.enum(['float', 'base64']).optional(),
});
export type EmbeddingRequest = z.infer<typeof EmbeddingRequest>;

/**
 * One `data:` chunk of a streamed chat answer, as far as a client reads it (the rest passes
 * through). https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 */
export const ChatCompletionChunk = z.looseObject({
  choices: z.array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).optional() })),
  /** Only on the last chunk, with `stream_options.include_usage`; null on the others. */
  usage: z.looseObject({ completion_tokens: z.number().int().nonnegative() }).nullish(),
});
export type ChatCompletionChunk = z.infer<typeof ChatCompletionChunk>;
