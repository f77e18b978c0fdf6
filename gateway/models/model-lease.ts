import type { EngineHandle, RunOptions } from '../engines/engine-host';

/**
 * A request's hold on a loaded model. While any lease is held, an unload waits (bounded) before
 * it cancels them; `signal` aborts when the model is unloaded or crashes. Always `release()`.
 */
export interface ModelLease {
  readonly key: string;
  readonly handle: EngineHandle;
  readonly signal: AbortSignal;
  /** Runs one request on a worker engine, cancelled by the lease's signal or the caller's. */
  run(request: unknown, options?: RunOptions): Promise<unknown>;
  release(): void;
}

export function createLease(key: string, handle: EngineHandle, controller: AbortController, onRelease: () => void): ModelLease {
  let released = false;
  return {
    key, handle, signal: controller.signal,
    run(request, options = {}) {
      if (!handle.run) throw new TypeError(`model "${key}" is not served by a worker engine`);
      const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
      return handle.run(request, { ...options, signal });
    },
    release() {
      if (released) return;
      released = true;
      onRelease();
    },
  };
}
