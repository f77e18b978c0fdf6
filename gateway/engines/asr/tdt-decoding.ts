import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { argmax, logSoftmaxAt } from './nemo-encoder';
import type { OnnxTimer } from './onnx-timer';

export interface TdtJoint {
  session: InferenceSession;
  /** Vocabulary size including the blank (the blank is the last id). */
  vocabWithBlank: number;
  /** LSTM state shape of input_states_1/2 ([layers, 1, hidden]). */
  stateShape: [number, number, number];
  maxSymbolsPerStep: number;
}

export interface TdtEmission {
  token: number;
  /** Encoder frame where the token was emitted, and its TDT duration in frames. */
  frame: number;
  duration: number;
  logprob: number;
}

/**
 * Greedy TDT decoding exactly as onnx-asr does it (reference/engines.md §1.4): one joint call per
 * step; the prediction network's state moves on only with a non-blank token; the duration head
 * moves time on; at most `maxSymbolsPerStep` tokens on one frame.
 */
export async function tdtGreedy(joint: TdtJoint, timer: OnnxTimer, encoded: Tensor, encodedLength: number, signal?: AbortSignal): Promise<TdtEmission[]> {
  const [, dim, frames] = encoded.dims as [number, number, number];
  const enc = encoded.data as Float32Array;
  const blank = joint.vocabWithBlank - 1;
  const size = joint.stateShape.reduce((a, b) => a * b, 1);
  let s1: Tensor = new Tensor('float32', new Float32Array(size), joint.stateShape);
  let s2: Tensor = new Tensor('float32', new Float32Array(size), joint.stateShape);
  const out: TdtEmission[] = [];
  const frame = new Float32Array(dim);
  let t = 0;
  let emitted = 0;
  while (t < Math.min(encodedLength, frames)) {
    signal?.throwIfAborted();
    for (let d = 0; d < dim; d++) frame[d] = enc[d * frames + t]!;
    const o = await timer.run(joint.session, {
      encoder_outputs: new Tensor('float32', frame.slice(), [1, dim, 1]),
      targets: new Tensor('int32', Int32Array.from([out.at(-1)?.token ?? blank]), [1, 1]),
      target_length: new Tensor('int32', Int32Array.from([1]), [1]),
      input_states_1: s1, input_states_2: s2,
    });
    const logits = o.outputs!.data as Float32Array;
    const token = argmax(logits, 0, joint.vocabWithBlank);
    const step = argmax(logits, joint.vocabWithBlank, logits.length) - joint.vocabWithBlank;
    if (token !== blank) {
      s1 = o.output_states_1 as Tensor;
      s2 = o.output_states_2 as Tensor;
      out.push({ token, frame: t, duration: step, logprob: logSoftmaxAt(logits, token, 0, joint.vocabWithBlank) });
      emitted++;
    }
    if (step > 0) {
      t += step;
      emitted = 0;
    } else if (token === blank || emitted === joint.maxSymbolsPerStep) {
      t += 1;
      emitted = 0;
    }
  }
  return out;
}
