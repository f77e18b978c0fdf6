import { asrError, type AsrInfo, type AsrRequest } from './asr-request';
import type { WorkerVad } from './worker-vad';

/** The request kinds both NeMo engines answer the same way; `transcribe` goes to the engine. */
export async function runAsrRequest(
  request: AsrRequest, info: AsrInfo, vad: WorkerVad, signal: AbortSignal,
  transcribe: (r: Extract<AsrRequest, { op: 'transcribe' }>) => Promise<unknown>,
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
