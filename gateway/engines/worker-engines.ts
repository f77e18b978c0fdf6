import type { WorkerEngine } from './worker-engine';

/**
 * The engines a model worker can load, by catalog engine name: one line per engine. Loaded lazily,
 * so the gateway can read the names without loading ONNX Runtime itself.
 */
export const workerEngines: Record<string, () => Promise<WorkerEngine>> = {
  'silero-vad': () => import('./vad/silero-vad-engine').then((m) => m.sileroVadEngine as WorkerEngine),
  'nemo-aed': () => import('./asr/nemo-aed-engine').then((m) => m.nemoAedEngine as WorkerEngine),
  'nemo-tdt': () => import('./asr/nemo-tdt-engine').then((m) => m.nemoTdtEngine as WorkerEngine),
  pyannote: () => import('./diarization/pyannote-engine').then((m) => m.pyannoteEngine as WorkerEngine),
};

export function isWorkerEngine(name: string): boolean {
  return Object.hasOwn(workerEngines, name);
}
