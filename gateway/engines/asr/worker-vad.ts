import type { InferenceSession } from 'onnxruntime-node';
import { detectSpeech, openSilero } from '../vad/silero-vad';
import type { VadParams } from '../vad/speech-segments';
import { OnnxTimer } from './onnx-timer';
import type { AsrSpeechResult } from './asr-request';

/**
 * Silero VAD inside an ASR worker, for cutting long audio: the session opens on first use from the
 * silero-vad snapshot the service names, on the CPU with one thread (it is tiny; its windows run as one batch).
 */
export class WorkerVad {
  private session: { path: string; model: Awaited<ReturnType<typeof openSilero>> } | undefined;

  async detect(modelPath: string, audio: Float32Array, params: Partial<VadParams>, signal: AbortSignal): Promise<AsrSpeechResult> {
    const model = await this.open(modelPath);
    const timer = new OnnxTimer();
    // detectSpeech only calls run(): a stand-in that times each call inside ORT.
    const timed = { run: (feeds: Parameters<InferenceSession['run']>[0]) => timer.run(model.session as InferenceSession, feeds as never) } as InferenceSession;
    const segments = await detectSpeech({ session: timed, batched: model.batched }, audio, params, signal);
    return { segments, onnxMs: timer.ms };
  }

  private async open(path: string): Promise<Awaited<ReturnType<typeof openSilero>>> {
    if (this.session?.path === path) return this.session.model;
    await this.dispose();
    const model = await openSilero(path, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 });
    this.session = { path, model };
    return model;
  }

  async dispose(): Promise<void> {
    await this.session?.model.release();
    this.session = undefined;
  }
}
