import { join } from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { DeviceChoice, DeviceRequest, WorkerEngine } from '../worker-engine';
import { createOnnxSession } from '../onnx-session';
import { knownLanguages } from './asr-languages';
import type { AsrChunkResult, AsrInfo, AsrRequest } from './asr-request';
import { nemoWorkerEngine, type OpenedAsrModel } from './asr-worker-run';
import { runEncoder } from './nemo-encoder';
import { modelFile, quantizationOption, readOnnxAsrConfig, repoOfSnapshot, type OnnxAsrConfig } from './onnx-asr-layout';
import { OnnxTimer } from './onnx-timer';
import { fixedOutputDim, inputDim } from './session-shape';
import { tdtGreedy, type TdtJoint } from './tdt-decoding';
import { segmentsOfTokens } from './timed-tokens';
import { Vocabulary } from './vocab';

type Transcribe = Extract<AsrRequest, { op: 'transcribe' }>;

/** TDT durations are [0, 1, 2, 3, 4]: five logits after the vocabulary. */
const DURATIONS = 5;

/**
 * The `nemo-tdt` worker engine: NVIDIA Parakeet TDT in the onnx-asr layout (reference/engines.md
 * §1.4), word times from frames. Options: `quantization: "int8"`, `languages`.
 */
export const nemoTdtEngine: WorkerEngine<AsrRequest, unknown> = nemoWorkerEngine('Parakeet', openParakeet, transcribeChunk);

interface ParakeetModel extends OpenedAsrModel {
  encoder: InferenceSession;
  joint: TdtJoint;
  device: DeviceChoice;
  vocab: Vocabulary;
  config: OnnxAsrConfig;
  info: AsrInfo;
}

async function openParakeet(dir: string, options: Record<string, unknown>, device: DeviceRequest): Promise<ParakeetModel> {
  const config = readOnnxAsrConfig(dir, 'nemo-conformer-tdt');
  const vocab = Vocabulary.read(join(dir, 'vocab.txt'));
  vocab.require('<blk>');
  const quantization = quantizationOption(options);
  const encoder = await createOnnxSession(modelFile(dir, 'encoder-model', quantization), device);
  const { session } = await createOnnxSession(modelFile(dir, 'decoder_joint-model', quantization), device);
  // The width of `outputs` is V+1+5 when the export fixes it; else the vocab says V+1.
  const width = fixedOutputDim(session, 'outputs', 3);
  const joint: TdtJoint = {
    session, vocabWithBlank: width === null ? vocab.tokens.length : width - DURATIONS,
    stateShape: [inputDim(session, 'input_states_1', 0), 1, inputDim(session, 'input_states_1', 2)], maxSymbolsPerStep: config.maxTokensPerStep,
  };
  if (joint.vocabWithBlank !== vocab.tokens.length) throw new Error(`the joint has ${joint.vocabWithBlank} token logits but vocab.txt ${vocab.tokens.length} tokens: files of different models`);
  const languages = knownLanguages(repoOfSnapshot(dir), options);
  const info: AsrInfo = { engine: 'nemo-tdt', languages, defaultLanguage: languages?.includes('en') !== false ? 'en' : languages[0]!, translates: false, wordTimes: true, maxChunkSeconds: 30 };
  return { encoder: encoder.session, joint, device: encoder.device, vocab, config, info, sessions: () => [encoder.session, session] };
}

/** One chunk: features, encoder, greedy TDT, token times from frames. */
async function transcribeChunk(m: ParakeetModel, r: Transcribe, signal: AbortSignal): Promise<AsrChunkResult> {
  const timer = new OnnxTimer();
  const encoded = await runEncoder(m.encoder, timer, r.audio, m.config.featuresSize);
  const lengths = encoded.encoded_lengths!.data as BigInt64Array;
  const emissions = await tdtGreedy(m.joint, timer, encoded.outputs as Tensor, Number(lengths[0]), signal);
  const frameSeconds = 0.01 * m.config.subsamplingFactor;
  const tokens = emissions.map((e) => ({ id: e.token, text: m.vocab.token(e.token), start: e.frame * frameSeconds, end: (e.frame + e.duration) * frameSeconds, logprob: e.logprob }));
  return { segments: segmentsOfTokens(tokens), onnxMs: timer.ms, featuresMs: timer.featuresMs };
}
