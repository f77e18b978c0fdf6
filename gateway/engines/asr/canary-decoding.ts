import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { argmax, logSoftmaxAt } from './nemo-encoder';
import type { OnnxTimer } from './onnx-timer';

export interface CanaryDecoder {
  session: InferenceSession;
  /** decoder_mems dims 0 and 3 (layers + 2, hidden size), read from the model's metadata. */
  memLayers: number;
  hidden: number;
  endOfText: number;
  /** Prompt + output tokens (config.json max_sequence_length). */
  maxSequenceLength: number;
}

export interface DecodedToken {
  id: number;
  logprob: number;
}

/**
 * Greedy decoding with the decoder's cache (onnx-asr `NemoConformerAED._decoding`, §1.5): the
 * whole prompt on the first call, then only the last token, `decoder_hidden_states` fed back as
 * `decoder_mems`; stops at `<|endoftext|>` or the length bound.
 */
export async function canaryGreedy(dec: CanaryDecoder, timer: OnnxTimer, encoder: InferenceSession.ReturnType, prompt: number[], signal?: AbortSignal): Promise<DecodedToken[]> {
  const out: DecodedToken[] = [];
  let mems: Tensor = new Tensor('float32', new Float32Array(0), [dec.memLayers, 1, 0, dec.hidden]);
  let next: number[] = prompt;
  while (prompt.length + out.length < dec.maxSequenceLength) {
    signal?.throwIfAborted();
    const o = await timer.run(dec.session, {
      input_ids: new Tensor('int64', BigInt64Array.from(next.map(BigInt)), [1, next.length]),
      encoder_embeddings: encoder.encoder_embeddings as Tensor,
      encoder_mask: encoder.encoder_mask as Tensor,
      decoder_mems: mems,
    });
    const logits = o.logits!.data as Float32Array;
    const id = argmax(logits);
    if (id === dec.endOfText) break;
    out.push({ id, logprob: logSoftmaxAt(logits, id) });
    mems = o.decoder_hidden_states as Tensor;
    next = [id];
  }
  return out;
}
