import type { DiagnosticCheckDef } from './diagnostic-check';
import { onnxRuntimeCheck } from './checks/onnxruntime';
import { nvidiaDriverCheck } from './checks/nvidia-driver';
import { gpusVisibleCheck } from './checks/gpus-visible';
import { ffmpegCheck } from './checks/ffmpeg';
import { vllmCheck } from './checks/vllm';
import { hfTokenCheck } from './checks/hf-token';
import { modelCacheCheck } from './checks/model-cache';
import { frontendDistCheck } from './checks/frontend-dist';
import { downloadStuckCheck } from './troubleshooting/download-stuck';
import { cudaRequiredCheck } from './troubleshooting/cuda-required';
import { pyannoteCheckpointsCheck } from './troubleshooting/pyannote-checkpoints';
import { apiAuthCheck } from './troubleshooting/api-auth';
import { dashboardEmptyCheck } from './troubleshooting/dashboard-empty';

/** Dependencies first, then the guide's troubleshooting table, row by row, in its order. */
export const ALL_CHECKS: readonly DiagnosticCheckDef[] = [
  onnxRuntimeCheck, nvidiaDriverCheck, gpusVisibleCheck, ffmpegCheck, vllmCheck, hfTokenCheck, modelCacheCheck, frontendDistCheck,
  downloadStuckCheck, cudaRequiredCheck, pyannoteCheckpointsCheck, apiAuthCheck, dashboardEmptyCheck,
];
