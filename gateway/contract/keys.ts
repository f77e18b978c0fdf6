import { z } from 'zod';

/** A named API key for `/v1`. The secret itself is returned once, at creation, and stored as a hash. */
export const ApiKeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** The last 4 characters of the secret, to tell keys apart. */
  last4: z.string(),
  /** Catalog keys this key may use; null means every model. */
  models: z.array(z.string()).nullable(),
  /** `store`: made through the admin API; `env`: from OPENAI_API_KEYS (revoked by editing it). */
  source: z.enum(['store', 'env']),
  createdAt: z.string(),
  /** ISO time of the last authenticated request, or null if never used. */
  lastUsedAt: z.string().nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

export const CreateApiKey = z.object({
  name: z.string().trim().min(1).max(64).regex(/^[^\p{C}]+$/u, 'no control characters'),
  /** Restrict the key to these catalog keys; omit for every model. */
  models: z.array(z.string().min(1).max(96)).max(256).optional(),
}).strict();
export type CreateApiKey = z.infer<typeof CreateApiKey>;

export const CreatedApiKey = ApiKeyInfo.extend({
  /** The secret, shown this once; it cannot be read back later. */
  key: z.string(),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const ApiKeyList = z.object({ keys: z.array(ApiKeyInfo) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;
