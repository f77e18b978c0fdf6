import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-node';
import type { DeviceChoice, DeviceRequest, WorkerEngine } from '../worker-engine';
import { createOnnxSession } from '../onnx-session';
import { hasPromptPrefix, knownLanguages, promptsTimestamps } from './asr-languages';
import type { AsrChunkResult, AsrInfo, AsrRequest } from './asr-request';
import { nemoWorkerEngine, type OpenedAsrModel } from './asr-worker-run';
import { canaryGreedy, type CanaryDecoder } from './canary-decoding';
import { canaryPrompt, hasTimestampTokens } from './canary-prompt';
import { timeCanaryTokens } from './canary-timestamps';
import { runEncoder } from './nemo-encoder';
import { modelFile, quantizationOption, readOnnxAsrConfig, repoOfSnapshot, type OnnxAsrConfig } from './onnx-asr-layout';
import { OnnxTimer } from './onnx-timer';
import { inputDim } from './session-shape';
import { chunkSegment, segmentsOfTokens } from './timed-tokens';
import { Vocabulary } from './vocab';

type Transcribe = Extract<AsrRequest, { op: 'transcribe' }>;

/**
 * The `nemo-aed` worker engine: NVIDIA Canary in the onnx-asr layout (reference/engines.md §1.5).
 * Options: `quantization: "int8"`, `languages`, `promptPrefix`, `timestamps`, `punctuation` (default true).
 */
export const nemoAedEngine: WorkerEngine<AsrRequest, unknown> = nemoWorkerEngine('Canary', openCanary, transcribeChunk);

interface CanaryModel extends OpenedAsrModel {
  encoder: InferenceSession;
  decoder: CanaryDecoder;
  device: DeviceChoice;
  vocab: Vocabulary;
  config: OnnxAsrConfig;
  info: AsrInfo;
  prompt: { prefix: boolean; punctuation: boolean; timestamps: boolean };
}

async function openCanary(dir: string, options: Record<string, unknown>, device: DeviceRequest): Promise<CanaryModel> {
  const config = readOnnxAsrConfig(dir, 'nemo-conformer-aed');
  const vocab = Vocabulary.read(join(dir, 'vocab.txt'));
  const repo = repoOfSnapshot(dir);
  const quantization = quantizationOption(options);
  const encoder = await createOnnxSession(modelFile(dir, 'encoder-model', quantization), device);
  const { session } = await createOnnxSession(modelFile(dir, 'decoder-model', quantization), device);
  const decoder: CanaryDecoder = {
    session, memLayers: inputDim(session, 'decoder_mems', 0), hidden: inputDim(session, 'decoder_mems', 3),
    endOfText: vocab.require('<|endoftext|>'), maxSequenceLength: config.maxSequenceLength,
  };
  const timestamps = (promptsTimestamps(repo, options) ?? true) && hasTimestampTokens(vocab);
  return {
    encoder: encoder.session, decoder, device: encoder.device, vocab, config, info: canaryInfo(vocab, repo, options, timestamps),
    sessions: () => [encoder.session, session],
    prompt: { prefix: hasPromptPrefix(repo, options), punctuation: options.punctuation !== false, timestamps },
  };
}

/** One chunk: features, encoder, the prompt for its languages, greedy decoding, times. */
async function transcribeChunk(m: CanaryModel, r: Transcribe, signal: AbortSignal): Promise<AsrChunkResult> {
  const timer = new OnnxTimer();
  const encoded = await runEncoder(m.encoder, timer, r.audio, m.config.featuresSize);
  const target = r.task === 'translate' ? 'en' : r.language;
  const prompt = canaryPrompt(m.vocab, { source: r.language, target, ...m.prompt });
  const decoded = await canaryGreedy(m.decoder, timer, encoded, prompt, signal);
  const tokens = timeCanaryTokens(m.vocab, decoded, 0.01 * m.config.subsamplingFactor);
  const segments = m.prompt.timestamps ? segmentsOfTokens(tokens) : chunkSegment(tokens, r.audio.length / 16_000);
  return { segments, onnxMs: timer.ms, featuresMs: timer.featuresMs };
}

function canaryInfo(vocab: Vocabulary, repo: string | undefined, options: Record<string, unknown>, wordTimes: boolean): AsrInfo {
  const inVocab = vocab.languageTokens();
  const known = knownLanguages(repo, options);
  const languages = known === null ? inVocab : known.filter((l) => inVocab.includes(l));
  if (languages.length === 0) throw new Error('vocab.txt has no <|xx|> language token this model is known for: this is not a Canary export');
  return {
    engine: 'nemo-aed', languages, defaultLanguage: languages.includes('en') ? 'en' : languages[0]!,
    translates: languages.includes('en') && languages.length > 1, wordTimes, maxChunkSeconds: 30,
  };
}
