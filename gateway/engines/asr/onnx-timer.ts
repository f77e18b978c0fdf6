import type { InferenceSession, Tensor } from 'onnxruntime-node';

/** Runs sessions and adds up the time spent inside ONNX Runtime, so the overhead around it shows. */
export class OnnxTimer {
  ms = 0;
  /** The NeMo front end, computed in JavaScript before the encoder (kept apart from ORT time). */
  featuresMs = 0;

  async run(session: InferenceSession, feeds: Record<string, Tensor>): Promise<InferenceSession.ReturnType> {
    const t0 = performance.now();
    try {
      return await session.run(feeds);
    } finally {
      this.ms += performance.now() - t0;
    }
  }
}
