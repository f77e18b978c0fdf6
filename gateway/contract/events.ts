import { z } from 'zod';
import { GpuSampledMessage } from './gpus';
import { ModelRuntimeChanged } from './lifecycle';
import { DownloadProgressed } from './hub';

export const EventLevel = z.enum(['debug', 'info', 'warn', 'error']);
export type EventLevel = z.infer<typeof EventLevel>;

/**
 * One entry of the runtime log (the guide's `update_runtime`): downloads, loads, unloads, crashes,
 * errors, auth failures. Kinds are past-tense and dotted (`model.loaded`, `auth.failed`).
 */
export const RuntimeEvent = z.object({
  /** Increases by one per event and survives restarts; SSE clients resume from it (Last-Event-ID). */
  id: z.number().int().positive(),
  /** ISO 8601, UTC. */
  time: z.string(),
  level: EventLevel,
  kind: z.string(),
  /** The catalog key of the model concerned, if any. */
  model: z.string().optional(),
  message: z.string(),
  /** What to do about it, for warnings and errors. */
  hint: z.string().optional(),
  /** Small structured details (exit code, bytes, GPU ids); never a secret. */
  data: z.record(z.string(), z.unknown()).optional(),
});
export type RuntimeEvent = z.infer<typeof RuntimeEvent>;

/** What a caller gives the bus; the bus stamps id and time. */
export type RuntimeEventInput = Omit<RuntimeEvent, 'id' | 'time'>;

export const EventsQuery = z.object({
  /** Only events after this id, or after this ISO time. */
  since: z.string().optional(),
  /** Minimum level. */
  level: EventLevel.optional(),
  model: z.string().optional(),
  kind: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

export const EventsResponse = z.object({ events: z.array(RuntimeEvent) });
export type EventsResponse = z.infer<typeof EventsResponse>;

/**
 * Messages on `GET /api/events` (server-sent events). The SSE `event:` field is the `type`;
 * `data:` is this object as JSON. Only `runtime` messages carry an SSE `id:` and are replayed.
 * Later features add their live types (GPU samples, model state, download progress) here.
 */
export const StreamMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('runtime'), event: RuntimeEvent }),
  /** The client missed events that are no longer kept: it must re-fetch its state. */
  z.object({ type: z.literal('resync'), reason: z.string() }),
  z.object({ type: z.literal('hello'), lastEventId: z.number().int().nonnegative() }),
  ModelRuntimeChanged,
  DownloadProgressed,
  GpuSampledMessage,
]);
export type StreamMessage = z.infer<typeof StreamMessage>;
