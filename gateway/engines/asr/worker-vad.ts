import { InferenceSession } from 'onnxruntime-node';
import { detectSpeech } from '../vad/silero-vad';
import type { VadParams } from '../vad/speech-segments';
import { OnnxTimer } from './onnx-timer';
import type { AsrSpeechResult } from './asr-request';

/**
 * Silero VAD inside an ASR worker, for cutting long audio: the session opens on first use from the
 * silero-vad snapshot the service names, on the CPU with one thread (it is tiny and sequential).
 */
export class WorkerVad {
  private session: { path: string; session: InferenceSession } | undefined;

  async detect(modelPath: string, audio: Float32Array, params: Partial<VadParams>, signal: AbortSignal): Promise<AsrSpeechResult> {
    const session = await this.open(modelPath);
    const timer = new OnnxTimer();
    // detectSpeech only calls run(): a stand-in that times each call inside ORT.
    const timed = { run: (feeds: Parameters<InferenceSession['run']>[0]) => timer.run(session, feeds as never) } as unknown as InferenceSession;
    const segments = await detectSpeech(timed, audio, params, signal);
    return { segments, onnxMs: timer.ms };
  }

  private async open(path: string): Promise<InferenceSession> {
    if (this.session?.path === path) return this.session.session;
    await this.dispose();
    const session = await InferenceSession.create(path, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 });
    this.session = { path, session };
    return session;
  }

  async dispose(): Promise<void> {
    await this.session?.session.release();
    this.session = undefined;
  }
}
