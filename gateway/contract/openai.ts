import { z } from 'zod';

/**
 * OpenAI wire shapes (snake_case, as the spec). Each schema names the spec section it follows.
 * https://platform.openai.com/docs/api-reference/models/object
 */
export const OpenAIModel = z.object({
  id: z.string(),
  object: z.literal('model'),
  /** Unix seconds. */
  created: z.number().int(),
  owned_by: z.string(),
  /** Extension: what the model does (chat, transcription, diarization, vad). */
  task: z.string().optional(),
  /** Extension: unloaded | loading | loaded | unloading | failed. */
  state: z.string().optional(),
});
export type OpenAIModel = z.infer<typeof OpenAIModel>;

/** https://platform.openai.com/docs/api-reference/models/list */
export const OpenAIModelList = z.object({ object: z.literal('list'), data: z.array(OpenAIModel) });
export type OpenAIModelList = z.infer<typeof OpenAIModelList>;
