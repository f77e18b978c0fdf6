import { findOnnxFile } from '../find-onnx-file';
import { chooseDevice } from '../onnx-session';
import type { LoadedEngine, WorkerEngine } from '../worker-engine';
import { detectSpeech, openSilero, type SpeechSegment } from './silero-vad';
import { VAD_SAMPLE_RATE, type VadParams } from './speech-segments';

/** A VAD request: 16 kHz mono float32 samples (sent as a typed array, not JSON). */
export interface VadRequest {
  audio: Float32Array;
  sampleRate?: number;
  params?: Partial<VadParams>;
}

export interface VadResult {
  durationSeconds: number;
  segments: SpeechSegment[];
}

/** The silero VAD worker engine. Options: `file`, the ONNX path inside the snapshot. */
export const sileroVadEngine: WorkerEngine<VadRequest, VadResult> = {
  async load(snapshotDirs, options, device) {
    const dir = snapshotDirs.main ?? Object.values(snapshotDirs)[0];
    if (dir === undefined) throw new Error('the silero-vad model has no snapshot directory');
    const file = typeof options.file === 'string' ? options.file : undefined;
    const choice = chooseDevice(device);
    // The model is small: one thread per session keeps several workers cheap.
    const model = await openSilero(findOnnxFile(dir, file), { intraOpNumThreads: 1, interOpNumThreads: 1, executionProviders: choice.device === 'cuda' ? [{ name: 'cuda', deviceId: 0 }, 'cpu'] : ['cpu'] });
    const loaded: LoadedEngine<VadRequest, VadResult> = {
      device: choice,
      async run(request, onProgress, signal) {
        checkRequest(request);
        const segments = await detectSpeech(model, request.audio, request.params ?? {}, signal, onProgress);
        return { durationSeconds: request.audio.length / VAD_SAMPLE_RATE, segments };
      },
      dispose: () => model.release(),
    };
    return loaded;
  },
};

function checkRequest(request: VadRequest): void {
  if (!(request?.audio instanceof Float32Array)) throw badRequest('invalid_audio', 'the VAD request needs `audio`, a Float32Array of 16 kHz mono samples');
  if ((request.sampleRate ?? VAD_SAMPLE_RATE) !== VAD_SAMPLE_RATE) throw badRequest('invalid_audio', `silero VAD takes 16 kHz audio, not ${request.sampleRate} Hz: resample it first`);
  const t = request.params?.threshold;
  if (t !== undefined && !(t > 0 && t < 1)) throw badRequest('invalid_request', 'the VAD threshold must be between 0 and 1');
}

/** An error the gateway answers with this code (worker-main.ts passes `code` through). */
function badRequest(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
