import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { nemoFeatures } from './nemo-features';
import type { OnnxTimer } from './onnx-timer';

/**
 * The NeMo log-mel of a chunk fed to an onnx-asr encoder (`audio_signal [1,F,T]`, `length [1]` =
 * the valid frames), returning the encoder's outputs as ORT gives them.
 */
export async function runEncoder(session: InferenceSession, timer: OnnxTimer, audio: Float32Array, featuresSize: 80 | 128): Promise<InferenceSession.ReturnType> {
  const t0 = performance.now();
  const f = nemoFeatures(audio, featuresSize);
  timer.featuresMs += performance.now() - t0;
  const feeds = {
    audio_signal: new Tensor('float32', f.features, [1, f.numMels, f.numFrames]),
    length: new Tensor('int64', BigInt64Array.from([BigInt(f.validFrames)]), [1]),
  };
  return timer.run(session, feeds);
}

/** Index of the largest of `data[from..to)`. */
export function argmax(data: ArrayLike<number>, from = 0, to = data.length): number {
  let best = from;
  for (let i = from + 1; i < to; i++) if (data[i]! > data[best]!) best = i;
  return best;
}

/** log-softmax of `data[from..to)` at `index` (the decoders' confidence in their choice). */
export function logSoftmaxAt(data: ArrayLike<number>, index: number, from = 0, to = data.length): number {
  let max = -Infinity;
  for (let i = from; i < to; i++) max = Math.max(max, data[i]!);
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp(data[i]! - max);
  return data[index]! - max - Math.log(sum);
}
