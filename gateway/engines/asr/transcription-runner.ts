import type { Logger } from 'pino';
import type { Transcript, TranscriptSegment } from '../../audio/transcript';
import type { TranscriptionRequest, TranscriptionService } from '../../audio/transcription-service';
import type { RuntimeEventInput } from '../../contract/events';
import { GatewayError } from '../../errors';
import type { ModelLease } from '../../models/model-lease';
import type { CatalogEntry } from '../../models/presets';
import type { AsrChunkResult, AsrInfo } from './asr-request';
import type { AudioChunk } from './audio-chunks';
import { planChunks } from './chunk-plan';

const MIN_CHUNK_SECONDS = 0.08;

export interface TranscriptionRunnerDeps {
  /** Catalog entry of a key, undefined when absent. */
  entry(key: string): CatalogEntry | undefined;
  /** ModelManager.acquire: a loaded model (lazy load, 503 while loading). */
  acquire(key: string): Promise<ModelLease>;
  /** The silero VAD ONNX file to cut long audio of this model with, null when none is downloaded. */
  vadModel(entry: CatalogEntry): string | null;
  logger: Logger;
  /** Runtime events (the operator is told once when long audio is cut without VAD). */
  record?(event: RuntimeEventInput): void;
}

/** Totals since start, for the benchmark and the logs. */
export interface TranscriptionStats {
  /** Requests that completed, their audio, their time inside ONNX Runtime (VAD apart) and in the front end. */
  requests: number;
  audioSeconds: number;
  onnxMs: number;
  vadOnnxMs: number;
  featuresMs: number;
  /** Chunks sent to a model, counted as each starts. */
  chunks: number;
}

/**
 * The TranscriptionService behind /v1/audio/transcriptions and /translations: the model's
 * worker (nemo-aed, nemo-tdt) transcribes chunk after chunk, times offset back, segments passed
 * on as they are final. (Diarization is the route's: it runs beside this in its own worker.)
 */
export class TranscriptionRunner implements TranscriptionService {
  readonly stats: TranscriptionStats = { requests: 0, audioSeconds: 0, onnxMs: 0, vadOnnxMs: 0, featuresMs: 0, chunks: 0 };

  private hasWarnedNoVad = false;

  constructor(private readonly deps: TranscriptionRunnerDeps) {}

  async transcribe(request: TranscriptionRequest): Promise<Transcript> {
    const entry = this.transcriptionEntry(request.model);
    const lease = await this.deps.acquire(entry.key);
    try {
      const info = (await lease.run({ op: 'info' }, { signal: request.signal })) as AsrInfo;
      const language = checkRequest(entry.key, info, request);
      const segments = await this.runChunks(lease, entry, info, request, language);
      return {
        task: request.task, language: request.task === 'translate' ? 'en' : language, durationSeconds: request.audio.durationSeconds,
        text: segments.map((s) => s.text).join(' '), segments,
      };
    } finally {
      lease.release();
    }
  }

  checkModel(model: string): void {
    this.transcriptionEntry(model);
  }

  private transcriptionEntry(key: string): CatalogEntry {
    const entry = this.deps.entry(key);
    if (!entry) throw new GatewayError('model_not_found', `Model "${key}" is not in the catalog.`, { param: 'model', hint: 'GET /v1/models lists the models this gateway serves (canary, parakeet).' });
    if (entry.task !== 'transcription') throw new GatewayError('wrong_model_task', `Model "${key}" does ${entry.task}, not transcription.`, { param: 'model', hint: 'Use a transcription model: canary or parakeet.' });
    return entry;
  }

  private async runChunks(lease: ModelLease, entry: CatalogEntry, info: AsrInfo, request: TranscriptionRequest, language: string): Promise<TranscriptSegment[]> {
    const { samples, durationSeconds } = request.audio;
    const plan = await planChunks(lease, { samples, durationSeconds, chunking: request.chunking, maxChunkSeconds: info.maxChunkSeconds, vadModel: this.deps.vadModel(entry), signal: request.signal });
    if (plan.method === 'fixed') this.warnNoVad(entry.key);
    const out: TranscriptSegment[] = [];
    let onnxMs = 0;
    let featuresMs = 0;
    let chunks = 0;
    // Chunks arrive as VAD scans the file: the first is transcribed before the rest is scanned.
    for await (const chunk of plan.chunks) {
      // Cancellation between chunks: the client went away, or the model is unloading.
      request.signal.throwIfAborted();
      chunks++;
      // Under one encoder frame (80 ms) there is nothing to hear, and encoders refuse 0 frames.
      if (chunk.end - chunk.start < MIN_CHUNK_SECONDS) continue;
      this.stats.chunks++;
      const audio = samples.slice(Math.round(chunk.start * 16_000), Math.round(chunk.end * 16_000));
      const result = (await lease.run({ op: 'transcribe', audio, task: request.task, language, wordTimestamps: request.wordTimestamps }, { signal: request.signal })) as AsrChunkResult;
      onnxMs += result.onnxMs;
      featuresMs += result.featuresMs;
      for (const s of placed(result.segments, chunk)) {
        out.push(s);
        request.onSegment?.(s);
      }
    }
    this.count(durationSeconds, { onnxMs, vadOnnxMs: plan.onnxMs, featuresMs });
    this.deps.logger.debug({ model: entry.key, chunks, method: plan.method, onnxMs: Math.round(onnxMs), vadOnnxMs: Math.round(plan.onnxMs), featuresMs: Math.round(featuresMs) }, 'transcription chunks done');
    return out;
  }

  private warnNoVad(model: string): void {
    if (this.hasWarnedNoVad) return;
    this.hasWarnedNoVad = true;
    this.deps.record?.({
      level: 'warn', kind: 'transcription.vad_missing', model,
      message: `Long audio for "${model}" was cut into fixed 30 s windows, which can split words: the silero-vad model is not downloaded.`,
      hint: 'Download silero-vad (POST /api/admin/models/silero-vad/download, or the Models page) so long audio is cut at silences.',
    });
  }

  private count(audioSeconds: number, ms: { onnxMs: number; vadOnnxMs: number; featuresMs: number }): void {
    this.stats.requests++;
    this.stats.audioSeconds += audioSeconds;
    this.stats.onnxMs += ms.onnxMs;
    this.stats.vadOnnxMs += ms.vadOnnxMs;
    this.stats.featuresMs += ms.featuresMs;
  }
}

/** The request's language (or the model's default), checked; 400s name the field. */
function checkRequest(key: string, info: AsrInfo, request: TranscriptionRequest): string {
  if (request.task === 'translate' && !info.translates) {
    throw new GatewayError('unsupported_task', `Model "${key}" only transcribes; it cannot translate.`, { param: 'model', hint: 'Use a Canary model (canary) for translation to English.' });
  }
  if (request.task === 'translate' && request.language === undefined) {
    throw new GatewayError('invalid_request', `Canary translates from a language it is told: send the spoken language in the "language" field (one of ${info.languages?.join(', ')}).`, { param: 'language' });
  }
  const language = request.language ?? info.defaultLanguage;
  if (info.languages !== null && !info.languages.includes(language)) {
    throw new GatewayError('unsupported_language', `Model "${key}" does not know the language "${language}". Its languages: ${info.languages.join(', ')}.`, { param: 'language', hint: 'Send one of these ISO 639-1 codes, or leave language out.' });
  }
  return language;
}

/**
 * Chunk results in file time, offset by the chunk start. Overlapping windows keep only their own
 * part: words by their start, segments without words (canary-1b-v2) by their middle.
 */
function placed(segments: TranscriptSegment[], chunk: AudioChunk): TranscriptSegment[] {
  const at = (t: number): number => Math.min(chunk.end, chunk.start + t);
  const mine = (t: number): boolean => t >= chunk.keepFrom && t < chunk.keepTo;
  const out: TranscriptSegment[] = [];
  for (const s of segments) {
    const shifted = { ...s, start: at(s.start), end: at(s.end) };
    if (!s.words) {
      if (mine((shifted.start + shifted.end) / 2)) out.push(shifted);
      continue;
    }
    const words = s.words.map((w) => ({ ...w, start: at(w.start), end: at(w.end) })).filter((w) => mine(w.start));
    if (words.length === s.words.length) out.push({ ...shifted, words });
    else if (words.length > 0) out.push({ ...shifted, words, start: words[0]!.start, end: words.at(-1)!.end, text: words.map((w) => w.word).join(' ') });
  }
  return out;
}
