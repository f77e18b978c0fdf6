import type { InferenceSession } from 'onnxruntime-node';
import type { DeviceChoice, DeviceRequest, LoadedEngine, WorkerEngine } from '../worker-engine';
import { asrError, type AsrInfo, type AsrRequest } from './asr-request';
import { WorkerVad } from './worker-vad';

type Transcribe = Extract<AsrRequest, { op: 'transcribe' }>;

/** What a NeMo engine opens: its ONNX sessions and what the requests need to know of it. */
export interface OpenedAsrModel {
  device: DeviceChoice;
  info: AsrInfo;
  sessions(): InferenceSession[];
}

/**
 * A NeMo worker engine from how it opens its model (from the `main` snapshot) and transcribes one
 * chunk; info and VAD requests, and the release of the sessions, are the same for all.
 */
export function nemoWorkerEngine<M extends OpenedAsrModel>(
  label: string,
  open: (dir: string, options: Record<string, unknown>, device: DeviceRequest) => Promise<M>,
  transcribeChunk: (model: M, r: Transcribe, signal: AbortSignal) => Promise<unknown>,
): WorkerEngine<AsrRequest, unknown> {
  return {
    async load(snapshotDirs, options, device) {
      const dir = snapshotDirs.main ?? Object.values(snapshotDirs)[0];
      if (dir === undefined) throw new Error(`the ${label} model has no snapshot directory`);
      const model = await open(dir, options, device);
      const vad = new WorkerVad();
      const loaded: LoadedEngine<AsrRequest, unknown> = {
        device: model.device,
        run: (request, _onProgress, signal) => runAsrRequest(request, model.info, vad, signal, (r) => transcribeChunk(model, r, signal)),
        async dispose() {
          await vad.dispose();
          for (const session of model.sessions()) await session.release();
        },
      };
      return loaded;
    },
  };
}

/** The request kinds both NeMo engines answer the same way; `transcribe` goes to the engine. */
export async function runAsrRequest(
  request: AsrRequest, info: AsrInfo, vad: WorkerVad, signal: AbortSignal,
  transcribe: (r: Transcribe) => Promise<unknown>,
): Promise<unknown> {
  if (request?.op === 'info') return info;
  if (request?.op === 'speech') {
    if (!(request.audio instanceof Float32Array)) throw asrError('invalid_request', 'the speech request needs `audio`, a Float32Array of 16 kHz samples');
    return vad.detect(request.vadModel, request.audio, request.params, signal);
  }
  if (request?.op !== 'transcribe' || !(request.audio instanceof Float32Array)) throw asrError('invalid_request', 'an ASR request is { op: "transcribe", audio: Float32Array, … }');
  checkLanguageAndTask(info, request.language, request.task);
  return transcribe(request);
}

export function checkLanguageAndTask(info: AsrInfo, language: string, task: 'transcribe' | 'translate'): void {
  if (info.languages !== null && !info.languages.includes(language)) {
    throw asrError('unsupported_language', `This model does not know the language "${language}". Its languages: ${info.languages.join(', ')}.`);
  }
  if (task === 'translate' && !info.translates) throw asrError('unsupported_task', 'This model only transcribes: use a Canary model for translation to English.');
}
