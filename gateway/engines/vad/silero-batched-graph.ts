import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Node = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;

/**
 * The silero VAD v5 model (16 kHz branch) laid out for large batches, with the same weights and
 * arithmetic. The published graph runs its STFT and encoder as 1-D Convs over four frames per
 * window; ONNX Runtime runs a Conv image by image, so a batch of B windows is B tiny GEMMs that
 * repack the weights each time (half of the model's CPU). Here the frames of all windows are rows
 * of one matrix: the STFT and each encoder layer become one MatMul over the whole batch. The
 * decoder (LSTM cell, output conv) is the original nodes, unchanged.
 *
 * Inputs `input` [B, 576] (64 samples of context + the 512-sample window) and `state` [2, B, 128],
 * outputs `output` [B, 1] and `stateN` [2, B, 128], as the original; there is no `sr`: 16 kHz only.
 * Throws when the file is not the silero v5 layout, so the caller can keep the original graph.
 */
export function batchedSileroModel(original: Uint8Array): Uint8Array {
  const model = onnx.ModelProto.decode(original);
  const branch = sixteenKhzBranch(model.graph!);
  const constants = new Map<string, TensorProto>();
  for (const n of branch.node ?? []) if (n.opType === 'Constant' && n.output?.[0]) constants.set(n.output[0], n.attribute!.find((a) => a.name === 'value')!.t!);
  const weight = (suffix: string): { data: Float32Array; dims: number[] } => {
    const entry = [...constants.entries()].find(([name]) => name.endsWith(suffix));
    if (!entry) throw new Error(`silero VAD graph: no constant ${suffix}`);
    return { data: floats(entry[1]), dims: (entry[1].dims ?? []).map(Number) };
  };
  const nodes = branch.node ?? [];
  const encoderEnd = nodes.findIndex((n) => n.output?.[0]?.endsWith('/encoder/3/activation/Relu_output_0'));
  if (encoderEnd < 0) throw new Error('silero VAD graph: no encoder output');
  const encoderOut = nodes[encoderEnd]!.output![0]!;
  const prefix = encoderOut.slice(0, encoderOut.length - '/encoder/3/activation/Relu_output_0'.length);
  // The decoder: every node after the encoder, with the constants it reads.
  const decoder = nodes.slice(encoderEnd + 1);
  const read = namesRead(decoder);
  const decoderConstants = nodes.slice(0, encoderEnd).filter((n) => n.opType === 'Constant' && read.has(n.output![0]!));

  const b = new GraphBuilder(`${prefix}batched/`);
  // STFT: reflect-pad 64 on the right, frames of 256 every 128 samples (4 per window), one MatMul.
  const padded = b.op('Pad', ['input', b.ints([0, 0, 0, 64])], { mode: 'reflect' });
  const frames = b.op('Concat', [0, 1, 2, 3].map((k) => b.op('Unsqueeze', [b.op('Slice', [padded, b.ints([k * 128]), b.ints([k * 128 + 256]), b.ints([1])]), b.ints([1])])), { axis: 1 });
  const basis = weight('stft.forward_basis_buffer');
  const spectrum = b.op('MatMul', [frames, b.floats(transpose2d(basis.data, basis.dims[0]!, basis.dims[2]!), [basis.dims[2]!, basis.dims[0]!])]);
  const half = basis.dims[0]! / 2;
  const re = b.op('Slice', [spectrum, b.ints([0]), b.ints([half]), b.ints([2])]);
  const im = b.op('Slice', [spectrum, b.ints([half]), b.ints([2 * half]), b.ints([2])]);
  let x = b.op('Sqrt', [b.op('Add', [b.op('Mul', [re, re]), b.op('Mul', [im, im])])]);
  // Encoder: Conv(k=3, pad=1, stride s) over time as one MatMul of the three taps side by side.
  let frameCount = 4;
  for (const [layer, stride] of [[0, 1], [1, 2], [2, 2], [3, 1]] as const) {
    const w = weight(`encoder.${layer}.reparam_conv.weight`);
    const bias = weight(`encoder.${layer}.reparam_conv.bias`);
    const [cOut, cIn] = [w.dims[0]!, w.dims[1]!];
    const outFrames = Math.floor((frameCount - 1) / stride) + 1;
    const xp = b.op('Pad', [x, b.ints([0, 1, 0, 0, 1, 0])]);
    const taps = [0, 1, 2].map((k) => b.op('Slice', [xp, b.ints([k]), b.ints([k + (outFrames - 1) * stride + 1]), b.ints([1]), b.ints([stride])]));
    x = b.op('Relu', [b.op('Add', [b.op('MatMul', [b.op('Concat', taps, { axis: 2 }), b.floats(stackedTaps(w.data, cOut, cIn), [3 * cIn, cOut])]), b.floats(bias.data, [cOut])])]);
    frameCount = outFrames;
  }
  // [B, 1, 128] → the original's [B, 128, 1], under its name, for the decoder.
  b.nodes.push(node('Transpose', [x], [encoderOut], { perm: [0, 2, 1] }));

  const outputs = branch.output!.map((o) => o.name!);
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'silero_vad_batched',
    input: model.graph!.input!.filter((i) => i.name !== 'sr'),
    output: model.graph!.output,
    initializer: b.initializers,
    node: [...decoderConstants, ...b.nodes, ...decoder, node('Identity', [outputs[0]!], ['output']), node('Identity', [outputs[1]!], ['stateN'])],
  };
  return onnx.ModelProto.encode({ ...model, graph }).finish();
}

/** The `then` branch of the top-level `If (sr == 16000)`. */
function sixteenKhzBranch(graph: onnxProto.onnx.IGraphProto): onnxProto.onnx.IGraphProto {
  const branch = graph.node?.find((n) => n.opType === 'If')?.attribute?.find((a) => a.name === 'then_branch')?.g;
  if (!branch || branch.output?.length !== 2) throw new Error('silero VAD graph: not the v5 layout (If on sr with a 16 kHz branch)');
  return branch;
}

/** Every name the nodes read, in their subgraphs (If branches) too. */
function namesRead(nodes: Node[], into = new Set<string>()): Set<string> {
  for (const n of nodes) {
    for (const i of n.input ?? []) into.add(i);
    for (const a of n.attribute ?? []) if (a.g) namesRead(a.g.node ?? [], into);
  }
  return into;
}

function floats(t: TensorProto): Float32Array {
  if (t.dataType !== onnx.TensorProto.DataType.FLOAT) throw new Error(`silero VAD graph: ${t.name} is not float32`);
  // A copy: protobufjs hands out views into the whole file's buffer.
  if (t.rawData && t.rawData.length > 0) return new Float32Array(new Uint8Array(t.rawData).buffer);
  return Float32Array.from(t.floatData ?? []);
}

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!;
  return out;
}

/** Conv weight [cOut, cIn, 3] as a [3·cIn, cOut] matrix: row k·cIn + c is tap k of input channel c. */
function stackedTaps(w: Float32Array, cOut: number, cIn: number): Float32Array {
  const out = new Float32Array(3 * cIn * cOut);
  for (let o = 0; o < cOut; o++) for (let c = 0; c < cIn; c++) for (let k = 0; k < 3; k++) out[(k * cIn + c) * cOut + o] = w[(o * cIn + c) * 3 + k]!;
  return out;
}

function node(opType: string, input: string[], output: string[], attrs: Record<string, number | number[] | string> = {}): Node {
  const T = onnx.AttributeProto.AttributeType;
  const attribute = Object.entries(attrs).map(([name, v]) => {
    if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) };
    if (Array.isArray(v)) return { name, type: T.INTS, ints: v };
    return { name, type: T.INT, i: v };
  });
  return { opType, input, output, attribute, name: output[0] };
}

/** Names nodes and initializers under one prefix, so nothing clashes with the original's names. */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: TensorProto[] = [];
  private count = 0;

  constructor(private readonly prefix: string) {}

  op(type: string, inputs: string[], attrs: Record<string, number | number[] | string> = {}): string {
    const out = this.name(type);
    this.nodes.push(node(type, inputs, [out], attrs));
    return out;
  }

  ints(values: number[]): string {
    const name = this.name('i64');
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    return name;
  }

  floats(values: Float32Array, dims: number[]): string {
    const name = this.name('f32');
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
    return name;
  }

  private name(kind: string): string {
    return `${this.prefix}${kind}_${this.count++}`;
  }
}
