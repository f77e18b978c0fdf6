import type { Registry } from 'prom-client';
import type { GpuHistory, GpuInfo, GpuMonitorStatus, GpuProcess, GpuSampledMessage, HostInfo } from '../contract/gpus';
import type { RuntimeEventInput } from '../contract/events';
import type { Logger } from '../logging/logger';
import { ComputeAppsPoller, type RunCommand } from './compute-apps-poller';
import { registerGpuMetrics } from './gpu-metrics';
import { HostInfoSampler } from './host-info';
import { NvidiaSmiLoop, type LoopState, type SpawnProcess } from './nvidia-smi-loop';
import type { ComputeApp, GpuReading } from './parse-nvidia-smi';
import { ProcessOwners, type ParentOf } from './process-owners';
import type { BackoffPolicy } from './restart-backoff';
import { SampleRing } from './sample-ring';

export interface GpuMonitorOptions {
  /** NVIDIA_SMI: path or name of nvidia-smi. */
  command: string;
  /** GPU_POLL_MS. */
  pollMs: number;
  logger: Logger;
  /** MODEL_CACHE_DIR, for the host's free-disk figure. */
  cacheDir: string;
  publish?(message: GpuSampledMessage): void;
  record?(event: RuntimeEventInput): void;
  registry?: Registry;
  appsIntervalMs?: number;
  hostIntervalMs?: number;
  backoff?: Partial<BackoffPolicy>;
  spawnProcess?: SpawnProcess;
  run?: RunCommand;
  parentOf?: ParentOf;
  /** False in tests that need no systeminformation reads. */
  hostInfo?: boolean;
}

/** A GPU nvidia-smi no longer lists, and how it was noticed. */
export interface LostGpu {
  index: number;
  uuid: string;
  name: string;
  /** "missing from the last three nvidia-smi samples", "no NVIDIA driver: …". */
  why: string;
}

/** The latest sample of every GPU, with the monitor's state. */
export interface GpuSnapshot {
  /** ISO time of the sample; null before the first one. */
  time: string | null;
  gpus: GpuInfo[];
  status: GpuMonitorStatus;
}

/**
 * The GPU monitor (design.md, gpu/): one long-running nvidia-smi sample loop, compute-apps every
 * few seconds mapped to our workers' PIDs, an hour of 1 Hz history per GPU, host figures, live
 * `gpu.sampled` messages and Prometheus gauges. The model manager asks it which GPUs exist, how
 * much memory is free on each, and registers its worker PIDs so processes show their model.
 */
export class GpuMonitor {
  private readonly loop: NvidiaSmiLoop;
  private readonly apps: ComputeAppsPoller;
  private readonly host: HostInfoSampler | null;
  private readonly owners: ProcessOwners;
  private readonly rings = new Map<string, SampleRing>();
  /** `missed`: batches in a row without this GPU. */
  private readonly latest = new Map<number, { reading: GpuReading; at: number; missed: number }>();
  private lastApps: ComputeApp[] = [];
  private processesByUuid = new Map<string, GpuProcess[]>();
  private gpus: GpuInfo[] = [];
  private sampledAt: number | null = null;
  private readyWaiters: Array<() => void> = [];
  private hadSamples = false;
  private lostListeners: Array<(gpu: LostGpu) => void> = [];

  constructor(private readonly options: GpuMonitorOptions) {
    this.owners = new ProcessOwners(options.parentOf);
    this.loop = new NvidiaSmiLoop({
      command: options.command, pollMs: options.pollMs, logger: options.logger, backoff: options.backoff,
      spawnProcess: options.spawnProcess,
      onBatch: (readings, timeMs) => this.onBatch(readings, timeMs),
      onState: (state, message) => this.onLoopState(state, message),
    });
    this.apps = new ComputeAppsPoller({
      command: options.command, intervalMs: options.appsIntervalMs ?? 5000, logger: options.logger, run: options.run,
      isEnabled: () => this.loop.state === 'running',
      onApps: (apps) => this.onApps(apps),
    });
    this.host = options.hostInfo === false ? null : new HostInfoSampler(options.cacheDir, options.logger, options.hostIntervalMs);
    if (options.registry) registerGpuMetrics(options.registry, () => ({ gpus: this.gpus, status: this.status() }));
  }

  start(): void {
    this.loop.start();
    this.apps.start();
  }

  stop(): void {
    this.loop.stop();
    this.apps.stop();
    this.host?.stop();
    this.settleReady();
  }

  /** True once nvidia-smi has reported GPUs (a driver answers); false with no driver or before. */
  get hasDriver(): boolean {
    return this.hadSamples && this.loop.state !== 'no_driver';
  }

  /** Resolves at the first sample, when no driver is found, or after `timeoutMs`. */
  whenReady(timeoutMs = 5000): Promise<void> {
    if (this.hadSamples || this.loop.state === 'no_driver' || this.loop.state === 'stopped') return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        resolve();
      }, timeoutMs);
      timer.unref();
      this.readyWaiters.push(waiter);
    });
  }

  snapshot(): GpuSnapshot {
    return { time: this.sampledAt === null ? null : new Date(this.sampledAt).toISOString(), gpus: this.gpus, status: this.status() };
  }

  gpuIndexes(): number[] {
    return this.gpus.map((g) => g.index);
  }

  /** Free memory of a GPU in bytes (total − used); null when unknown or no such GPU. */
  freeBytes(index: number): number | null {
    const g = this.gpus.find((x) => x.index === index);
    if (!g || g.memoryTotalBytes === null || g.memoryUsedBytes === null) return null;
    return Math.max(0, g.memoryTotalBytes - g.memoryUsedBytes);
  }

  history(index: number, windowSeconds: number): GpuHistory | null {
    const g = this.gpus.find((x) => x.index === index);
    const ring = g ? this.rings.get(g.uuid) : undefined;
    return g && ring ? ring.window(index, windowSeconds, Date.now()) : null;
  }

  allHistory(windowSeconds: number): GpuHistory[] {
    return this.gpus.flatMap((g) => this.history(g.index, windowSeconds) ?? []);
  }

  get hostInfo(): HostInfo | null {
    return this.host?.info ?? null;
  }

  /** A worker or vLLM process of `model`: its GPU processes (and its children's) show the model. */
  registerProcess(pid: number, model: string): void {
    this.owners.register(pid, model);
    this.attribute();
  }

  unregisterProcess(pid: number): void {
    this.owners.unregister(pid);
    this.attribute();
  }

  /** Called for each GPU that stops being listed, or all of them when the driver stops answering. */
  onGpuLost(listener: (gpu: LostGpu) => void): void {
    this.lostListeners.push(listener);
  }

  /** Polls the compute apps now (after a load or unload), instead of within the next few seconds. */
  refreshProcesses(): Promise<void> {
    return this.apps.poll();
  }

  status(): GpuMonitorStatus {
    const state = this.loop.state === 'stopped' ? 'disabled' : this.loop.state;
    return { state, message: this.loop.message, lastSampleAt: this.sampledAt === null ? null : new Date(this.sampledAt).toISOString(), restarts: this.loop.restarts };
  }

  /** How many nvidia-smi processes were started for samples (1 unless it had to restart). */
  get sampleProcessSpawns(): number {
    return this.loop.spawns;
  }

  private onBatch(readings: GpuReading[], timeMs: number): void {
    for (const r of readings) {
      this.latest.set(r.index, { reading: r, at: timeMs, missed: -1 });
      let ring = this.rings.get(r.uuid);
      if (!ring) this.rings.set(r.uuid, (ring = new SampleRing(r.uuid)));
      ring.add(timeMs, r);
    }
    // A GPU missing from three ticks in a row is gone (lost, or hidden after a restart).
    const staleBefore = timeMs - Math.max(3 * this.options.pollMs, 5000);
    // Counted in batches too: after an nvidia-smi restart every entry is old, and a first batch cut
    // short must not make the GPUs it lacks "lost" (their models would fail).
    for (const [index, entry] of this.latest) if (++entry.missed >= 3 && entry.at < staleBefore) this.latest.delete(index);
    const before = this.gpus;
    this.gpus = this.build();
    this.compareSets(before, this.gpus);
    this.sampledAt = timeMs;
    if (!this.hadSamples) {
      this.hadSamples = true;
      this.settleReady();
      void this.apps.poll();
    }
    this.options.publish?.({ type: 'gpu.sampled', time: new Date(timeMs).toISOString(), gpus: this.gpus });
  }

  private build(): GpuInfo[] {
    const gpus: GpuInfo[] = [];
    for (const { reading } of this.latest.values()) gpus.push({ ...reading, processes: this.processesByUuid.get(reading.uuid) ?? [] });
    return gpus.sort((a, b) => a.index - b.index);
  }

  private onApps(apps: ComputeApp[]): void {
    this.lastApps = apps;
    this.attribute();
  }

  /** Recomputes processes per GPU; done per compute-apps poll and registration, not per sample. */
  private attribute(): void {
    const byUuid = new Map<string, GpuProcess[]>();
    for (const app of this.lastApps) {
      const model = this.owners.ownerOf(app.pid);
      const list = byUuid.get(app.gpuUuid) ?? [];
      list.push({ pid: app.pid, usedBytes: app.usedBytes, name: app.processName, ...(model ? { model } : {}) });
      byUuid.set(app.gpuUuid, list);
    }
    this.processesByUuid = byUuid;
    this.gpus = this.gpus.map((g) => ({ ...g, processes: byUuid.get(g.uuid) ?? [] }));
  }

  private onLoopState(state: LoopState, message: string): void {
    if (state === 'no_driver') {
      const before = this.gpus;
      this.gpus = [];
      this.latest.clear();
      this.compareSets(before, [], message);
      this.settleReady();
      this.options.record?.({ level: 'warn', kind: 'gpu.driver_not_found', message: `No GPU is visible: ${message}.`, hint: 'GPU models cannot load; CPU engines keep working. Check nvidia-smi on the host, `--gpus all` for Docker, and NVIDIA_SMI. See GET /api/diagnostics.' });
    } else if (state === 'restarting') {
      this.options.record?.({ level: 'warn', kind: 'gpu.monitor_restarted', message: `GPU monitor: ${message}.`, hint: 'GPU figures are stale until nvidia-smi answers again; check the driver (nvidia-smi) if this repeats.' });
    } else if (state === 'running' && this.loop.restarts > 0) {
      this.options.record?.({ level: 'info', kind: 'gpu.monitor_recovered', message: `GPU monitor: ${message}.` });
    }
  }

  /** A GPU set change: each GPU gone is an event and a call to the listeners; each one back, an event. */
  private compareSets(before: GpuInfo[], after: GpuInfo[], driverMessage?: string): void {
    const now = new Set(after.map((g) => g.uuid));
    const was = new Set(before.map((g) => g.uuid));
    for (const g of before.filter((x) => !now.has(x.uuid))) {
      const why = driverMessage ? `no NVIDIA driver: ${driverMessage}` : 'missing from the last three nvidia-smi samples';
      const lost: LostGpu = { index: g.index, uuid: g.uuid, name: g.name, why };
      this.options.record?.({
        level: 'error', kind: 'gpu.lost', message: `GPU ${g.index} (${lost.name}, ${g.uuid}) is no longer listed by nvidia-smi (${why}).`,
        hint: 'The models on it fail; CPU models and other GPUs keep serving. Check nvidia-smi and the kernel log (Xid errors, "fallen off the bus"); a reset or reboot usually brings it back.',
        data: { index: g.index, uuid: g.uuid },
      });
      for (const listener of this.lostListeners) listener(lost);
    }
    if (before.length === 0) return; // the first sample (or the driver back): nothing was lost
    for (const g of after.filter((x) => !was.has(x.uuid))) {
      this.options.record?.({ level: 'info', kind: 'gpu.appeared', message: `GPU ${g.index} (${g.name}, ${g.uuid}) is listed by nvidia-smi again.`, hint: 'Models that failed with gpu_lost can be loaded on it again.', data: { index: g.index, uuid: g.uuid } });
    }
  }

  private settleReady(): void {
    for (const w of this.readyWaiters.splice(0)) w();
  }
}
