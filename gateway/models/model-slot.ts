import type { ErrorObject } from '../contract/errors';
import type { RuntimeState } from '../contract/models';
import type { EngineExit, EngineHandle } from '../engines/engine-host';
import { GatewayError, isGatewayError } from '../errors';
import { createLease, type ModelLease } from './model-lease';

export interface SlotHooks {
  /** Any state change (events, live messages, metrics). */
  onChange(): void;
  /** The engine ended without an unload; `ids` are the GPUs it ran on. */
  onCrash(exit: EngineExit, ids: number[]): void;
}

/**
 * One model's runtime: unloaded → loading → loaded → unloading → unloaded, or failed. Transitions
 * run one at a time (a queue per model); a load asked while the same load runs joins it.
 */
export class ModelSlot {
  state: RuntimeState['state'] = 'unloaded';
  gpuDeviceIds: number[] = [];
  handle?: EngineHandle;
  loadedAt?: string;
  error?: ErrorObject;
  /** When the last load failed (not a crash): lazy loads wait before retrying. */
  loadFailedAt?: number;
  private queue: Promise<unknown> = Promise.resolve();
  private pendingLoad?: { ids: number[]; promise: Promise<void> };
  private readonly leases = new Map<ModelLease, AbortController>();
  private drainWaiters: (() => void)[] = [];

  constructor(readonly key: string, private readonly hooks: SlotHooks) {}

  get inFlight(): number {
    return this.leases.size;
  }

  /** The load in progress or queued, if any. */
  get loading(): Promise<void> | undefined {
    return this.pendingLoad?.promise;
  }

  load(ids: number[], start: () => Promise<EngineHandle>, drainMs: number): Promise<void> {
    if (this.state === 'loaded' && sameIds(this.gpuDeviceIds, ids) && !this.pendingLoad) return Promise.resolve();
    if (this.pendingLoad && sameIds(this.pendingLoad.ids, ids)) return this.pendingLoad.promise;
    const promise = this.enqueue(async () => {
      // A load to other GPUs moves the model: unload first (draining its requests).
      if (this.state === 'loaded' && !sameIds(this.gpuDeviceIds, ids)) await this.stopEngine(drainMs);
      if (this.state === 'loaded') return;
      this.set({ state: 'loading', gpuDeviceIds: ids, error: undefined });
      try {
        const handle = await start();
        this.handle = handle;
        handle.onExit((exit) => this.crashed(handle, exit));
        this.loadFailedAt = undefined;
        this.set({ state: 'loaded', loadedAt: new Date().toISOString() });
      } catch (err) {
        this.loadFailedAt = Date.now();
        this.set({ state: 'failed', gpuDeviceIds: [], error: errorObject(err) });
        throw err;
      }
    });
    const pending = { ids, promise };
    this.pendingLoad = pending;
    const clear = (): void => {
      if (this.pendingLoad === pending) this.pendingLoad = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  /** Drains the requests in flight for up to `drainMs`, cancels the rest, and stops the engine. */
  unload(drainMs: number): Promise<void> {
    return this.enqueue(() => this.stopEngine(drainMs));
  }

  /** A hold on the loaded model for one request. */
  lease(): ModelLease {
    if (this.state !== 'loaded' || !this.handle) throw new Error(`model ${this.key} is not loaded`);
    const controller = new AbortController();
    const lease = createLease(this.key, this.handle, controller, () => {
      this.leases.delete(lease);
      if (this.leases.size === 0) this.drainWaiters.splice(0).forEach((wake) => wake());
    });
    this.leases.set(lease, controller);
    return lease;
  }

  private async stopEngine(drainMs: number): Promise<void> {
    if (this.state === 'failed') this.set({ state: 'unloaded', error: undefined, gpuDeviceIds: [] });
    if (this.state !== 'loaded' || !this.handle) return;
    const handle = this.handle;
    this.set({ state: 'unloading' });
    const drained = await this.drain(drainMs);
    if (!drained) this.abortLeases(new GatewayError('model_not_loaded', `The model "${this.key}" was unloaded before this request finished.`, { hint: 'Load it again, then retry.', retryAfterSeconds: 5 }));
    await handle.stop();
    this.handle = undefined;
    this.set({ state: 'unloaded', gpuDeviceIds: [], loadedAt: undefined });
  }

  /** True when every lease was released within `ms`. */
  private drain(ms: number): Promise<boolean> {
    if (this.leases.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /**
   * The engine cannot go on (its GPU is gone): requests in flight get `error` now, the model is
   * failed with it, and the engine is stopped. A load in progress is failed once it ends.
   */
  fail(error: GatewayError): Promise<void> {
    if (this.state !== 'loaded') return this.enqueue(async () => (this.state === 'loaded' ? this.failNow(error) : undefined));
    return this.failNow(error);
  }

  private async failNow(error: GatewayError): Promise<void> {
    const handle = this.handle;
    // Cleared first: the engine's exit during the stop is then not taken for a crash.
    this.handle = undefined;
    this.abortLeases(error);
    this.set({ state: 'failed', gpuDeviceIds: [], loadedAt: undefined, error: error.toErrorObject() });
    await handle?.stop().catch(() => undefined);
  }

  private crashed(handle: EngineHandle, exit: EngineExit): void {
    if (this.handle !== handle) return;
    const ids = this.gpuDeviceIds;
    const error = new GatewayError('model_crashed', `The model "${this.key}" stopped unexpectedly (${exit.reason}).`, {
      hint: 'It loads again on the next request (LAZY_LOAD_MODELS=true), by itself under restart "on-failure", or from the Models page; if it repeats, check GPU memory and the gateway log.',
    });
    this.abortLeases(error);
    // Died while its requests drained: the unload in progress ends as asked (unloaded, not failed).
    if (this.state === 'unloading') return this.hooks.onCrash(exit, ids);
    this.handle = undefined;
    this.set({ state: 'failed', gpuDeviceIds: [], loadedAt: undefined, error: error.toErrorObject() });
    this.hooks.onCrash(exit, ids);
  }

  private abortLeases(reason: Error): void {
    for (const controller of this.leases.values()) controller.abort(reason);
  }

  private set(change: Partial<Pick<ModelSlot, 'state' | 'gpuDeviceIds' | 'loadedAt' | 'error'>>): void {
    Object.assign(this, change);
    this.hooks.onChange();
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const result = this.queue.then(op, op);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function errorObject(err: unknown): ErrorObject {
  if (isGatewayError(err)) return err.toErrorObject();
  return new GatewayError('engine_load_failed', err instanceof Error ? err.message : String(err)).toErrorObject();
}
