import type { GpuSnapshot } from '../gpu/gpu-monitor';
import type { DiagnosticsContext } from './diagnostics-context';

/** The monitor's snapshot, after its first sample (or its verdict of no driver) when just started. */
export async function readGpus(ctx: DiagnosticsContext): Promise<GpuSnapshot | null> {
  if (!ctx.gpus) return null;
  await ctx.gpus.whenReady?.(3000);
  return ctx.gpus.snapshot();
}
