import type { InferenceSession } from 'onnxruntime-node';

/** A fixed dimension of a model input, read from the session's metadata (ORT ≥ 1.22). */
export function inputDim(session: InferenceSession, input: string, axis: number): number {
  const meta = session.inputMetadata.find((m) => m.name === input);
  if (!meta) throw new Error(`the model has no input "${input}": this is not the expected export (inputs: ${session.inputNames.join(', ')})`);
  const dim = meta.isTensor ? meta.shape[axis] : undefined;
  if (typeof dim !== 'number' || dim <= 0) throw new Error(`input "${input}" has no fixed size on axis ${axis}`);
  return dim;
}

/** A dimension of an output when the export fixes it, else null (symbolic). */
export function fixedOutputDim(session: InferenceSession, output: string, axis: number): number | null {
  const meta = session.outputMetadata.find((m) => m.name === output);
  if (!meta) throw new Error(`the model has no output "${output}": this is not the expected export (outputs: ${session.outputNames.join(', ')})`);
  const dim = meta.isTensor ? meta.shape[axis] : undefined;
  return typeof dim === 'number' && dim > 0 ? dim : null;
}
