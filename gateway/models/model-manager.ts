import type { RuntimeState } from '../contract/models';
import type { GpuFit } from '../contract/lifecycle';
import type { EngineHandle, EngineHost } from '../engines/engine-host';
import type { EngineHosts } from '../engines/engine-hosts';
import { GatewayError, isGatewayError } from '../errors';
import type { ModelLease } from './model-lease';
import { NO_GPUS, type GpuInventory, type ModelSource, type RuntimeReporter, type SourceEntry } from './model-source';
import { ModelSlot } from './model-slot';
import type { PlacementStore } from './placement-store';
import { checkGpuIds, defaultPlacement, gpuRequired } from './gpu-placement';
import { gpuFit } from './preflight';
import { crashedEvent, gpuLostEvent, loadedEvent, loadFailedEvent, loadingEvent, unloadedEvent, unloadingEvent } from './runtime-events';
import { ModelSupervisor } from './model-supervisor';
import { restartPolicyOf, type RestartBackoff, type RestartPolicy } from './restart-policy';
import type { LostGpu } from './model-source';

export interface ModelManagerOptions {
  source: ModelSource;
  hosts: EngineHosts;
  gpus?: GpuInventory;
  reporter: RuntimeReporter;
  placements: PlacementStore;
  /** LAZY_LOAD_MODELS. */
  lazy: boolean;
  /** How long a /v1 request waits for its model to load before 503 model_loading. */
  acquireWaitMs?: number;
  /** How long an unload waits for requests in flight before cancelling them. */
  drainMs?: number;
  /** After a failed load, how long lazy loads answer with that failure instead of retrying. */
  loadRetryMs?: number;
  /** Backoff of `restart: on-failure` (tests shorten it). */
  restartBackoff?: Partial<RestartBackoff>;
}

/** What a load asks: GPUs, engine options, and what to do if the engine dies. */
export interface LoadRequest {
  gpuDeviceIds?: number[];
  options?: Record<string, unknown>;
  restart?: RestartPolicy['policy'];
  maxRestarts?: number;
}

interface Plan {
  entry: SourceEntry;
  host: EngineHost;
  ids: number[];
}

/**
 * Loads and unloads the catalog's models on chosen GPUs (design.md, Processes), one state machine
 * per model (model-slot.ts), and hands loaded models to request handlers (`acquire`).
 */
export class ModelManager {
  private readonly slots = new Map<string, ModelSlot>();
  private readonly previous = new Map<string, RuntimeState['state']>();
  /** Worker and vLLM pids registered with the GPU monitor, per model. */
  private readonly pids = new Map<string, number[]>();
  private readonly gpus: GpuInventory;
  private readonly acquireWaitMs: number;
  readonly drainMs: number;
  private readonly loadRetryMs: number;
  private readonly supervisor: ModelSupervisor;

  constructor(private readonly o: ModelManagerOptions) {
    this.gpus = o.gpus ?? NO_GPUS;
    this.acquireWaitMs = o.acquireWaitMs ?? 30_000;
    this.drainMs = o.drainMs ?? 30_000;
    this.loadRetryMs = o.loadRetryMs ?? 30_000;
    this.supervisor = new ModelSupervisor({
      backoff: o.restartBackoff, record: (e) => o.reporter.record(e),
      changed: (key) => this.publish(key),
      canRestart: (key) => this.slots.get(key)?.state === 'failed' && !this.slots.get(key)?.loading,
      gpuPresent: (index) => this.gpus.gpuIndexes().includes(index),
    });
    this.gpus.onGpuLost?.((gpu) => this.gpuLost(gpu));
  }

  keys(): string[] {
    return this.o.source.keys();
  }

  runtimeOf(key: string): RuntimeState {
    const slot = this.slots.get(key);
    const last = this.o.placements.get(key);
    const handle = slot?.state === 'loaded' || slot?.state === 'unloading' ? slot.handle : undefined;
    // A load that is queued (behind an unload, or not started yet) already counts as loading.
    const queued = slot?.loading !== undefined && (slot.state === 'unloaded' || slot.state === 'failed');
    return {
      state: queued ? 'loading' : slot?.state ?? 'unloaded',
      gpuDeviceIds: slot?.gpuDeviceIds ?? [],
      device: handle?.device ?? null,
      ...(handle?.pids[0] !== undefined ? { pid: handle.pids[0] } : {}),
      ...(slot?.loadedAt && handle ? { loadedAt: slot.loadedAt } : {}),
      ...(slot?.error ? { error: slot.error } : {}),
      ...(last ? { lastGpuDeviceIds: last } : {}),
      ...this.supervisor.view(key),
    };
  }

  isLoaded(key: string): boolean {
    return this.slots.get(key)?.state === 'loaded';
  }

  inFlight(key: string): number {
    return this.slots.get(key)?.inFlight ?? 0;
  }

  /** The engine handle of a loaded model (vLLM's base URL, a worker's pid), without a lease. */
  handleOf(key: string): EngineHandle | undefined {
    const slot = this.slots.get(key);
    return slot?.state === 'loaded' ? slot.handle : undefined;
  }

  /** Loads on the given GPUs (default: last placement, else the GPU with most free memory) and waits. */
  async load(key: string, request: LoadRequest = {}): Promise<RuntimeState> {
    // Right after the gateway starts, nvidia-smi may not have answered yet (no await without a monitor).
    if (this.gpus.whenReady) await this.gpus.whenReady();
    await this.start(this.plan(key, request.gpuDeviceIds), request.options ?? {}, restartPolicyOf(request, this.o.placements.restartOf(key)));
    return this.runtimeOf(key);
  }

  /** Checks the request and starts the load without waiting for it; the state shows progress. */
  async loadInBackground(key: string, request: LoadRequest = {}): Promise<RuntimeState> {
    if (this.gpus.whenReady) await this.gpus.whenReady();
    this.start(this.plan(key, request.gpuDeviceIds), request.options ?? {}, restartPolicyOf(request, this.o.placements.restartOf(key))).catch(() => undefined);
    return this.runtimeOf(key);
  }

  /**
   * Right after the gateway starts, nvidia-smi may not have answered yet: GPU ids are checked (and
   * the freest GPU chosen) once it has, within the monitor's bound, not against an empty list.
   */
  async gpusReady(): Promise<void> {
    if (this.gpus.whenReady) await this.gpus.whenReady();
  }

  async unload(key: string): Promise<RuntimeState> {
    this.entry(key);
    // Behind the loads that wait for the first GPU sample (FIFO), so it is not lost before them.
    if (this.gpus.whenReady) await this.gpus.whenReady();
    this.supervisor.disarm(key);
    const slot = this.slots.get(key);
    if (slot) await slot.unload(this.drainMs);
    return this.runtimeOf(key);
  }

  /**
   * A loaded model for one request. Lazy mode loads it first (waiting up to the bound, else 503
   * model_loading with Retry-After); otherwise 503 model_not_loaded.
   */
  async acquire(key: string, waitMs = this.acquireWaitMs): Promise<ModelLease> {
    this.entry(key);
    let slot = this.slots.get(key);
    if (slot?.state === 'loaded' && !slot.loading) return slot.lease();
    if (this.gpus.whenReady) await this.gpus.whenReady();
    slot = this.slots.get(key);
    if (slot?.state === 'loaded' && !slot.loading) return slot.lease();
    if (slot?.state === 'unloading') throw notLoaded(key, 'is being unloaded');
    // Down (restart coming, its GPU gone, restarts given up): 503 at once, not a load by this request.
    const refusal = this.supervisor.refusal(key);
    if (refusal) throw refusal;
    const loading = slot?.loading ?? this.lazyLoad(key, slot);
    const done = await settleWithin(loading, waitMs).catch((err: unknown) => {
      throw loadFailureForClients(key, err);
    });
    if (!done) throw new GatewayError('model_loading', `Model "${key}" is loading; retry in a few seconds.`, { retryAfterSeconds: 5, hint: 'Large models take minutes to load: watch GET /api/admin/models or the Models page.' });
    const current = this.slots.get(key);
    if (current?.state !== 'loaded') throw notLoaded(key, 'was unloaded while this request waited');
    return current.lease();
  }

  /** The GPU half of the preflight: fit per GPU, counting what is loaded there. */
  preflight(key: string, gpuDeviceIds?: number[]): GpuFit {
    const entry = this.entry(key);
    // An engine not installed yet still gets its fit, with the default rule.
    const host: Pick<EngineHost, 'requiresGpu' | 'neededBytesPerGpu'> = this.o.hosts.get(entry.engine) ?? { requiresGpu: false };
    const ids = this.placement(entry, host, gpuDeviceIds);
    const resident = [...this.slots.values()]
      .filter((s) => s.state === 'loaded' || s.state === 'loading')
      .map((s) => ({ key: s.key, gpuDeviceIds: s.gpuDeviceIds, vramBytes: this.o.source.entry(s.key)?.vramBytes ?? null, loading: s.state === 'loading' }));
    return gpuFit({ key, gpuDeviceIds: ids, vramBytes: entry.vramBytes, options: entry.options ?? {}, host, gpus: this.gpus, resident });
  }

  /** LAZY_LOAD_MODELS=false: every downloaded model loads at start, one after the other. */
  async loadAllDownloaded(): Promise<void> {
    for (const key of this.o.source.keys()) {
      const entry = this.o.source.entry(key);
      const host = entry && this.o.hosts.get(entry.engine);
      if (!host || (host.needsSnapshot !== false && !this.o.source.isComplete(key))) continue;
      await this.load(key).catch(() => undefined); // recorded as an event
    }
  }

  /**
   * At gateway stop: every engine stops (the drain of HTTP requests happened before). Bounded: a
   * load still running is not waited for past `boundMs`; its worker exits with the gateway anyway.
   */
  async stopAll(boundMs = 10_000): Promise<void> {
    this.supervisor.stopAll();
    const all = Promise.all([...this.slots.values()].map((s) => s.unload(0).catch(() => undefined)));
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, boundMs);
      timer.unref();
    });
    await Promise.race([all, bound]);
    clearTimeout(timer);
  }

  private lazyLoad(key: string, slot: ModelSlot | undefined): Promise<void> {
    // Permanent until an operator loads it: no Retry-After, so the SDKs do not upload the audio again.
    if (!this.o.lazy) throw new GatewayError('model_not_loaded', `Model "${key}" is not loaded.`, { hint: 'LAZY_LOAD_MODELS=false: load it with POST /api/admin/models/{key}/load or from the Models page.' });
    if (slot?.state === 'failed' && slot.loadFailedAt !== undefined && Date.now() - slot.loadFailedAt < this.loadRetryMs) {
      throw new GatewayError('model_not_loaded', `Model "${key}" failed to load (${slot.error?.code ?? 'error'}); the next load is tried in ${Math.ceil(this.loadRetryMs / 1000)} s.`, { retryAfterSeconds: Math.ceil(this.loadRetryMs / 1000), hint: causeForAdmins(key) });
    }
    const loading = this.start(this.plan(key), {}, restartPolicyOf({}, this.o.placements.restartOf(key)));
    loading.catch(() => undefined); // recorded as an event; the waiting request gets it too
    return loading;
  }

  private plan(key: string, gpuDeviceIds?: number[]): Plan {
    const entry = this.entry(key);
    const host = this.o.hosts.get(entry.engine);
    if (host?.needsSnapshot !== false && !this.o.source.isComplete(key)) {
      throw new GatewayError('model_not_downloaded', `Model "${key}" is not downloaded.`, { hint: `Download it from the Models page or with POST /api/admin/models/${key}/download.` });
    }
    if (!host) throw new GatewayError('engine_load_failed', `No engine "${entry.engine}" is available in this gateway for model "${key}".`, { hint: 'Update the gateway, or change the model entry\'s engine.' });
    return { entry, host, ids: this.placement(entry, host, gpuDeviceIds) };
  }

  /** The GPUs of a load; an engine that needs a GPU (vLLM), or an entry with `requiresGpu`, gets one. */
  private placement(entry: SourceEntry, host: Pick<EngineHost, 'requiresGpu'>, gpuDeviceIds?: number[]): number[] {
    const { key } = entry;
    const requiresGpu = host.requiresGpu || entry.options?.requiresGpu === true;
    if (gpuDeviceIds === undefined) return defaultPlacement(key, this.o.placements.get(key), this.gpus, requiresGpu);
    const ids = checkGpuIds(gpuDeviceIds, this.gpus);
    if (requiresGpu && ids.length === 0) {
      if (this.gpus.gpuIndexes().length === 0) throw gpuRequired(key);
      throw new GatewayError('invalid_gpu_ids', `Model "${key}" needs at least one GPU.`, { param: 'gpu_device_ids', hint: `Choose among GPU ${this.gpus.gpuIndexes().join(', ')}.` });
    }
    return ids;
  }

  private entry(key: string): SourceEntry {
    const entry = this.o.source.entry(key);
    if (!entry) throw new GatewayError('model_not_found', `There is no model "${key}" in the catalog.`, { param: 'model', hint: 'List the models with GET /api/admin/models, or add one with POST /api/admin/models.' });
    return entry;
  }

  /** A load asked by someone: it sets the restart policy, and a restart repeats it as it was. */
  private start(plan: Plan, options: Record<string, unknown>, policy: RestartPolicy): Promise<void> {
    this.supervisor.arm(plan.entry.key, policy, () => this.launch(plan, options));
    return this.launch(plan, options);
  }

  private launch(plan: Plan, options: Record<string, unknown>): Promise<void> {
    return this.slot(plan.entry.key).load(plan.ids, () => this.startEngine(plan, options), this.drainMs);
  }

  private async startEngine({ entry, host, ids }: Plan, options: Record<string, unknown>): Promise<EngineHandle> {
    const key = entry.key;
    this.o.reporter.record(loadingEvent(key, ids));
    const started = performance.now();
    try {
      const snapshotDirs = host.needsSnapshot === false ? {} : this.o.source.snapshotDirs(key);
      const handle = await host.start({ key, engine: entry.engine, snapshotDirs, gpuDeviceIds: ids, options: { ...entry.options, ...options } });
      this.pids.set(key, handle.pids);
      for (const pid of handle.pids) this.gpus.registerProcess?.(pid, key);
      this.o.placements.set(key, ids, this.supervisor.policyOf(key));
      // Probe verdicts of this engine only: one of a previous run must not judge the next.
      handle.onHealth?.((ok) => {
        if (this.slots.get(key)?.handle === handle) this.supervisor.probed(key, ok);
      });
      this.o.reporter.record(loadedEvent(key, ids, handle, performance.now() - started));
      this.supervisor.loaded(key, ids);
      return handle;
    } catch (err) {
      const error = isGatewayError(err) ? err : new GatewayError('engine_load_failed', `Model "${key}" could not be loaded: ${(err as Error).message}`, { cause: err });
      this.o.reporter.record(loadFailedEvent(key, ids, error));
      throw error;
    }
  }

  private slot(key: string): ModelSlot {
    let slot = this.slots.get(key);
    if (!slot) {
      const created: ModelSlot = new ModelSlot(key, {
        onChange: () => this.changed(created),
        onCrash: (exit, ids) => {
          this.o.reporter.record(crashedEvent(key, ids, exit, created.error?.hint));
          // Died while being unloaded: the unload ends as asked, nothing to restart.
          if (created.state === 'failed' && created.error) this.supervisor.crashed(key, created.error, ids);
        },
      });
      this.slots.set(key, (slot = created));
    }
    return slot;
  }

  /** Every state change: unload events, GPU attribution, and the live message. */
  private changed(slot: ModelSlot): void {
    const before = this.previous.get(slot.key);
    this.previous.set(slot.key, slot.state);
    if (slot.state === 'unloading') this.o.reporter.record(unloadingEvent(slot.key, slot.inFlight, this.drainMs));
    if (slot.state === 'unloaded' && before === 'unloading') this.o.reporter.record(unloadedEvent(slot.key, this.o.placements.get(slot.key) ?? []));
    if (slot.state === 'unloaded' || slot.state === 'failed') this.forgetProcesses(slot.key);
    this.publish(slot.key);
  }

  private publish(key: string): void {
    this.o.reporter.publish({ type: 'model.runtime', model: key, runtime: this.runtimeOf(key) });
  }

  /**
   * nvidia-smi no longer lists a GPU (fallen off the bus, driver reset): the models on it are
   * failed with the reason, their engines stopped, and no restart is tried; CPU models go on.
   */
  private gpuLost(gpu: LostGpu): void {
    for (const slot of this.slots.values()) {
      if ((slot.state !== 'loaded' && slot.state !== 'loading') || !slot.gpuDeviceIds.includes(gpu.index)) continue;
      const ids = slot.gpuDeviceIds;
      const error = new GatewayError('gpu_lost', `Model "${slot.key}" stopped: GPU ${gpu.index} (${gpu.name}) is no longer visible to the gateway (${gpu.why}).`, {
        hint: `Check the GPU (nvidia-smi; the kernel log for Xid errors such as 79, "fallen off the bus"), then load the model on another GPU or the CPU (POST /api/admin/models/${slot.key}/load).`,
      });
      this.supervisor.lost(slot.key, error, gpu.index);
      this.o.reporter.record(gpuLostEvent(slot.key, ids, gpu, error));
      void slot.fail(error);
    }
  }

  private forgetProcesses(key: string): void {
    for (const pid of this.pids.get(key) ?? []) this.gpus.unregisterProcess?.(pid);
    this.pids.delete(key);
  }
}

function notLoaded(key: string, what: string, hint = `Load it with POST /api/admin/models/${key}/load or from the Models page.`): GatewayError {
  return new GatewayError('model_not_loaded', `Model "${key}" ${what}.`, { retryAfterSeconds: 5, hint });
}

/** True when `promise` resolves within `ms`, false after; rejects with its error. */
/** Failures whose messages say nothing of the engine's internals, safe for any API client. */
const CLIENT_SAFE_CODES = new Set(['model_not_downloaded', 'model_not_found', 'model_not_loaded', 'model_loading', 'gpu_required', 'wrong_model_task']);

function causeForAdmins(key: string): string {
  return `An administrator sees the cause on the Models page or in GET /api/admin/events?model=${key}.`;
}

/**
 * A lazy load's failure as the request that triggered it sees it: the code, not the engine's
 * output, paths or upstream addresses (the admin routes and the event log keep those).
 */
function loadFailureForClients(key: string, err: unknown): unknown {
  if (!(err instanceof GatewayError) || CLIENT_SAFE_CODES.has(err.code)) return err;
  return new GatewayError(err.code, `Model "${key}" could not be loaded (${err.code}).`, { retryAfterSeconds: err.retryAfterSeconds, hint: causeForAdmins(key) });
}

function settleWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    }, (err: unknown) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
