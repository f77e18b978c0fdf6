import type { DiagnosticCheckDef } from '../diagnostic-check';
import { readGpus } from '../read-gpus';

/** The guide's dependency inspector: which execution providers ONNX Runtime can use here. */
export const onnxRuntimeCheck: DiagnosticCheckDef = {
  id: 'onnxruntime',
  title: 'ONNX Runtime and its execution providers',
  timeoutMs: 10_000,
  async run(ctx) {
    let info;
    try {
      info = await ctx.loadOnnxRuntime();
    } catch (err) {
      return {
        status: 'fail',
        message: `onnxruntime-node cannot be loaded: ${err instanceof Error ? err.message : String(err)}. Transcription, diarization and VAD cannot run.`,
        fix: 'Reinstall the dependencies on this platform (npm ci), or use the Docker image.',
      };
    }
    const providers = info.backends.map((b) => b.name);
    const details = { version: info.version, providers, backends: info.backends, cudaProviderInstalled: info.cudaProviderInstalled };
    const gpuCount = (await readGpus(ctx))?.gpus.length ?? 0;
    const list = info.backends.map((b) => (b.name === 'cuda' ? `cuda (${info.cudaProviderInstalled ? 'installed' : 'not installed'})` : b.name)).join(', ');
    if (!info.cudaProviderInstalled && gpuCount > 0) {
      return {
        status: 'warn', details,
        message: `ONNX Runtime ${info.version}: ${list}. ${gpuCount} GPU(s) are visible but the CUDA execution provider is not installed, so ONNX models load on the CPU.`,
        cause: 'onnxruntime-node installs its CUDA provider only when CUDA 12 was found at install time.',
        fix: 'Install it: ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node (Linux x64, CUDA 12, network access), or use the Docker image.',
      };
    }
    const where = info.cudaProviderInstalled ? (gpuCount > 0 ? 'ONNX models can run on the GPUs.' : 'no GPU is visible, so ONNX models run on the CPU.') : 'ONNX models run on the CPU (no GPU here).';
    return { status: 'ok', details, message: `ONNX Runtime ${info.version}: ${list}; ${where}` };
  },
};
