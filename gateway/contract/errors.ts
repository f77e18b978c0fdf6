import { z } from 'zod';

/**
 * The OpenAI error body, used by every HTTP error, every SSE `error` event and every IPC rejection.
 * https://platform.openai.com/docs/guides/error-codes — `param` names the offending field or is null.
 */
export const ErrorObject = z.object({
  message: z.string(),
  type: z.string(),
  param: z.string().nullable(),
  code: z.string().nullable(),
  /** Extension: what to do next, when the message alone does not say it. */
  hint: z.string().optional(),
  /** Extension: the request id, so a report can be matched to the gateway's log. */
  request_id: z.string().optional(),
});
export type ErrorObject = z.infer<typeof ErrorObject>;

export const ErrorBody = z.object({ error: ErrorObject });
export type ErrorBody = z.infer<typeof ErrorBody>;
