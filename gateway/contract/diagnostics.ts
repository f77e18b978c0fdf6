import { z } from 'zod';

/**
 * `GET /api/diagnostics`: the dependency inspector (ONNX Runtime, driver, CUDA, ffmpeg, vLLM, token,
 * cache, dashboard) and every row of the guide's troubleshooting table, each as an automatic check.
 */
export const DiagnosticStatus = z.enum(['ok', 'warn', 'fail']);
export type DiagnosticStatus = z.infer<typeof DiagnosticStatus>;

export const DiagnosticCheck = z.object({
  /** Stable id (`nvidia-driver`, `troubleshooting.download-stuck`); the front keys rows on it. */
  id: z.string(),
  title: z.string(),
  status: DiagnosticStatus,
  /** What was found, in one or two sentences. */
  message: z.string(),
  /** The likely cause when the check warns or fails (the guide's "Causes probables"). */
  cause: z.string().optional(),
  /** What to do (the guide's "Actions"), when the check warns or fails. */
  fix: z.string().optional(),
  /** Small facts behind the verdict (versions, bytes, counts); never a secret. */
  details: z.record(z.string(), z.unknown()).optional(),
  durationMs: z.number().nonnegative(),
});
export type DiagnosticCheck = z.infer<typeof DiagnosticCheck>;

export const DiagnosticsResponse = z.object({
  checks: z.array(DiagnosticCheck),
  /** ISO time the checks ran. */
  checkedAt: z.string(),
});
export type DiagnosticsResponse = z.infer<typeof DiagnosticsResponse>;
