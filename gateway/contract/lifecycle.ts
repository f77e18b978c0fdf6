import { z } from 'zod';
import { RuntimeState } from './models';

/** `POST /api/admin/models/{key}/load?wait=false` answers 202 at once instead of waiting for `loaded`. */
export const LoadQuery = z.object({
  wait: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v !== 'false' && v !== '0'),
});
export type LoadQuery = z.infer<typeof LoadQuery>;

/** The answer of load and unload: the model's runtime state after the call. */
export const ModelRuntime = z.object({ key: z.string(), runtime: RuntimeState });
export type ModelRuntime = z.infer<typeof ModelRuntime>;

/** One GPU of a preflight. Bytes; null where nvidia-smi or the estimate does not say. */
export const GpuFitDevice = z.object({
  index: z.number().int().nonnegative(),
  /** Free memory now (total − used, as nvidia-smi reports it: loaded models are already counted). */
  freeBytes: z.number().int().nonnegative().nullable(),
  totalBytes: z.number().int().nonnegative().nullable(),
  /** What this model would take on this GPU (its estimate, split across GPUs for tensor parallelism). */
  neededBytes: z.number().int().nonnegative().nullable(),
  /** Null when free or needed is unknown. */
  fits: z.boolean().nullable(),
  /** Models of this gateway already loaded on this GPU. */
  coResident: z.array(z.object({ key: z.string(), estimatedBytes: z.number().int().nonnegative().nullable() })),
});
export type GpuFitDevice = z.infer<typeof GpuFitDevice>;

/** Will the model fit on these GPUs? (the GPU half of the preflight) */
export const GpuFit = z.object({
  gpuDeviceIds: z.array(z.number().int().nonnegative()),
  device: z.enum(['cuda', 'cpu']),
  /** True when every GPU fits; null when a figure is unknown. */
  fits: z.boolean().nullable(),
  neededBytes: z.number().int().nonnegative().nullable(),
  devices: z.array(GpuFitDevice),
  /** Why it does not fit, or what is unknown, in words. */
  message: z.string().optional(),
});
export type GpuFit = z.infer<typeof GpuFit>;

/** Live message on GET /api/events at each runtime state change of a model. */
export const ModelRuntimeChanged = z.object({
  type: z.literal('model.runtime'),
  model: z.string(),
  runtime: RuntimeState,
});
export type ModelRuntimeChanged = z.infer<typeof ModelRuntimeChanged>;
