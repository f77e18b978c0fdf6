import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { canaryGreedy } from '../../../../gateway/engines/asr/canary-decoding';
import { tdtGreedy } from '../../../../gateway/engines/asr/tdt-decoding';
import { OnnxTimer } from '../../../../gateway/engines/asr/onnx-timer';
import { detokenize } from '../../../../gateway/engines/asr/vocab';

/** A stand-in session that records its feeds and answers with `answer(call)`. */
function fakeSession(answer: (call: number, feeds: Record<string, Tensor>) => Record<string, Tensor>): { session: InferenceSession; calls: Array<Record<string, Tensor>> } {
  const calls: Array<Record<string, Tensor>> = [];
  const session = { run: async (feeds: Record<string, Tensor>) => answer(calls.push(feeds) - 1, feeds) } as unknown as InferenceSession;
  return { session, calls };
}

const logitsFor = (best: number, size: number): Tensor => {
  const data = new Float32Array(size).fill(-5);
  data[best] = 0;
  return new Tensor('float32', data, [1, 1, size]);
};

describe('Canary greedy loop', () => {
  const encoder = { encoder_embeddings: new Tensor('float32', new Float32Array(4), [1, 1, 4]), encoder_mask: new Tensor('int64', BigInt64Array.from([1n]), [1, 1]) };

  it('sends the whole prompt first, then the last token with the returned cache, and stops at end-of-text', async () => {
    const script = [7, 8, 3];
    const { session, calls } = fakeSession((call, feeds) => {
      const length = (feeds.decoder_mems!.dims[2] as number) + (feeds.input_ids!.dims[1] as number);
      return { logits: logitsFor(script[call]!, 10), decoder_hidden_states: new Tensor('float32', new Float32Array(2 * length * 4), [2, 1, length, 4]) };
    });
    const out = await canaryGreedy({ session, memLayers: 2, hidden: 4, endOfText: 3, maxSequenceLength: 100 }, new OnnxTimer(), encoder, [1, 2], undefined);
    expect(out.map((t) => t.id)).toEqual([7, 8]);
    expect(calls.map((f) => Array.from(f.input_ids!.data as BigInt64Array, Number))).toEqual([[1, 2], [7], [8]]);
    expect(calls.map((f) => f.decoder_mems!.dims[2])).toEqual([0, 2, 3]);
  });

  it('stops at the length bound (prompt included) when end-of-text never comes', async () => {
    const { session, calls } = fakeSession(() => ({ logits: logitsFor(5, 10), decoder_hidden_states: new Tensor('float32', new Float32Array(0), [2, 1, 0, 4]) }));
    const out = await canaryGreedy({ session, memLayers: 2, hidden: 4, endOfText: 3, maxSequenceLength: 12 }, new OnnxTimer(), encoder, new Array(9).fill(1), undefined);
    expect(out).toHaveLength(3);
    expect(calls).toHaveLength(3);
  });
});

describe('TDT greedy loop', () => {
  it('moves on after max_tokens_per_step tokens on one frame when the duration is 0', async () => {
    const V1 = 4;
    const { session, calls } = fakeSession(() => {
      const data = new Float32Array(V1 + 5).fill(-5);
      data[1] = 0; // always token 1
      data[V1 + 0] = 0; // duration 0
      return { outputs: new Tensor('float32', data, [1, 1, 1, V1 + 5]), output_states_1: new Tensor('float32', new Float32Array(2), [2, 1, 1]), output_states_2: new Tensor('float32', new Float32Array(2), [2, 1, 1]) };
    });
    const encoded = new Tensor('float32', new Float32Array(2 * 3), [1, 2, 3]);
    const out = await tdtGreedy({ session, vocabWithBlank: V1, stateShape: [2, 1, 1], maxSymbolsPerStep: 4 }, new OnnxTimer(), encoded, 3);
    expect(out.map((e) => e.frame)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    // The previous token is fed back: blank (3) first, then 1.
    expect(Array.from(calls[0]!.targets!.data as Int32Array)).toEqual([3]);
    expect(Array.from(calls[1]!.targets!.data as Int32Array)).toEqual([1]);
  });
});

describe('detokenization', () => {
  it('turns ▁ into spaces, drops control tokens, keeps no space before punctuation', () => {
    expect(detokenize(['<|en|>', '▁El', '▁zor', 'ro', '▁marr', 'ón', '▁sal', 'ta', '.', '<|endoftext|>'])).toBe('El zorro marrón salta.');
    expect(detokenize(['▁Wait', '▁,', '▁what', '▁?', '▁¿', 'Qué', '?'])).toBe('Wait, what? ¿Qué?');
  });
});
