import { z } from 'zod';
import { DownloadState } from './models';
import { GpuFit } from './lifecycle';

/** `DELETE /api/admin/models/{key}/download?purge=true` also removes the partial files. */
export const CancelDownloadQuery = z.object({
  purge: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
});
export type CancelDownloadQuery = z.infer<typeof CancelDownloadQuery>;

/** `PUT /api/admin/hf-token`. Checked by the gateway (hf_ prefix, no line break, at most 1 KB). */
export const PutHfToken = z.object({ token: z.string() }).strict();
export type PutHfToken = z.infer<typeof PutHfToken>;

/** What the gateway shows of the Hugging Face token: never the token itself. */
export const HfTokenStatus = z.object({
  configured: z.boolean(),
  /** `file`: saved through the admin API in MODEL_CACHE_DIR/.hf_token; `env`: HUGGINGFACE_TOKEN. */
  source: z.enum(['file', 'env']).nullable(),
  /** The account the token belongs to (whoami), null when unknown (hub unreachable). */
  user: z.string().nullable(),
  /** The token's role: read, write or fineGrained; null when unknown. */
  role: z.string().nullable(),
  /** `hf_…abcd`, null when no token is configured. */
  masked: z.string().nullable(),
});
export type HfTokenStatus = z.infer<typeof HfTokenStatus>;

/** Can this gateway download the model's repos with its token, before anything is downloaded? */
export const PreflightAccess = z.object({
  state: z.enum(['ok', 'gated', 'token_invalid', 'not_found', 'unreachable']),
  /** True when the repo asks users to accept conditions (gated), whatever this token can do. */
  gated: z.boolean(),
  /** The first repo that failed, with its model page to accept the conditions. */
  repo: z.string().optional(),
  modelPage: z.string().optional(),
  message: z.string(),
  hint: z.string().optional(),
});
export type PreflightAccess = z.infer<typeof PreflightAccess>;

/** Will the model fit on the chosen GPUs? The model lifecycle's half (contract/lifecycle.ts). */
export const PreflightGpus = GpuFit;
export type PreflightGpus = GpuFit;

export const PreflightQuery = z.object({
  /** `1,2`: the GPUs the load would use. */
  gpu_device_ids: z.string().regex(/^\d+(,\d+)*$/, 'a comma-separated list of GPU indexes such as 1,2').optional(),
});
export type PreflightQuery = z.infer<typeof PreflightQuery>;

export const Preflight = z.object({
  key: z.string(),
  /** Null when this gateway cannot check access (no hub client configured). */
  access: PreflightAccess.nullable(),
  gpus: PreflightGpus,
});
export type Preflight = z.infer<typeof Preflight>;

/** Live message on GET /api/events while a download runs (at most 4 per second per model). */
export const DownloadProgressed = z.object({
  type: z.literal('download.progressed'),
  model: z.string(),
  download: DownloadState,
});
export type DownloadProgressed = z.infer<typeof DownloadProgressed>;
