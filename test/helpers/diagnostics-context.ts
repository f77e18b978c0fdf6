import { EventLog } from '../../gateway/events/event-log';
import { createLogger } from '../../gateway/logging/logger';
import type { DiagnosticsContext } from '../../gateway/diagnostics/diagnostics-context';
import type { DiagnosticCheckDef, CheckResult } from '../../gateway/diagnostics/diagnostic-check';
import { loadOnnxRuntime } from '../../gateway/diagnostics/load-onnx-runtime';
import { runTool } from '../../gateway/diagnostics/run-tool';
import type { GpuSnapshot } from '../../gateway/gpu/gpu-monitor';
import type { GpuInfo } from '../../gateway/contract/gpus';
import { LogCapture } from './log-capture';
import { tempDir } from './temp-dir';

export function gpu(index: number, over: Partial<GpuInfo> = {}): GpuInfo {
  return {
    index, uuid: `GPU-${index}`, name: 'NVIDIA H200', pciBusId: null, memoryUsedBytes: 0, memoryTotalBytes: 143771 * 1024 * 1024,
    utilizationPct: 0, temperatureC: 30, powerW: 75, powerLimitW: 700, processes: [], ...over,
  };
}

/** A monitor's snapshot: `running` with these GPUs, or `no_driver` when there are none. */
export function snapshotOf(gpus: GpuInfo[]): { snapshot(): GpuSnapshot } {
  const status = gpus.length
    ? { state: 'running' as const, message: `sampling ${gpus.length} GPU(s)`, lastSampleAt: new Date().toISOString(), restarts: 0 }
    : { state: 'no_driver' as const, message: 'no NVIDIA driver: cannot run nvidia-smi: ENOENT', lastSampleAt: null, restarts: 0 };
  return { snapshot: () => ({ time: null, gpus, status }) };
}

/** A context with the real tools, an empty cache and an in-memory runtime log; override per case. */
export function diagnosticsContext(over: Partial<DiagnosticsContext> = {}, config: Partial<DiagnosticsContext['config']> = {}): DiagnosticsContext {
  return {
    config: { modelCacheDir: tempDir(), frontendDist: tempDir(), vllmCommand: ['/nonexistent/vllm'], nvidiaSmi: '/nonexistent/nvidia-smi', huggingfaceToken: null, ...config },
    logger: createLogger('silent', { destination: new LogCapture() }),
    runTool, loadOnnxRuntime, ffmpegCommand: 'ffmpeg', env: {},
    gpus: snapshotOf([]),
    events: new EventLog({ dir: null }),
    sources: {},
    ...over,
  };
}

export async function check(def: DiagnosticCheckDef, ctx: DiagnosticsContext): Promise<CheckResult> {
  return def.run(ctx);
}
