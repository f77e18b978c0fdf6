import { z } from 'zod';

export const Health = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof Health>;

export const Readiness = z.object({
  status: z.enum(['ready', 'starting', 'draining']),
});
export type Readiness = z.infer<typeof Readiness>;

export const SystemInfo = z.object({
  version: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  hostname: z.string(),
  /** Seconds since the gateway started. */
  uptimeSeconds: z.number(),
  cpu: z.object({ model: z.string(), cores: z.number().int() }),
  memory: z.object({ totalBytes: z.number(), freeBytes: z.number() }),
  /** The model cache: path and the free space of its file system. */
  cache: z.object({ path: z.string(), freeBytes: z.number().nullable(), totalBytes: z.number().nullable() }),
  /** Whether the dashboard build was found at FRONTEND_DIST. */
  frontend: z.object({ path: z.string(), present: z.boolean() }),
  auth: z.object({ apiKeysRequired: z.boolean() }),
  lazyLoadModels: z.boolean(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;
