import { z } from 'zod';

/**
 * The GPUs as `GET /api/gpus` and the `gpu.sampled` live messages show them (design.md). Sizes are
 * bytes, power is watts, temperatures °C. A field the driver does not report (`[N/A]`,
 * `[Not Supported]`) is null, never 0: the front leaves it out rather than draw a false zero.
 * The front computes percentages (memoryUsedBytes / memoryTotalBytes) itself, as the guide says.
 */
export const GpuProcess = z.object({
  pid: z.number().int().nonnegative(),
  /** The catalog key of the model whose worker (or vLLM process tree) owns this PID, if ours. */
  model: z.string().optional(),
  /** Null where the driver does not report per-process memory (MIG, WDDM). */
  usedBytes: z.number().nonnegative().nullable(),
  /** The executable, as nvidia-smi names it. */
  name: z.string().optional(),
});
export type GpuProcess = z.infer<typeof GpuProcess>;

export const GpuInfo = z.object({
  /** nvidia-smi index (PCI bus order); what `gpu_device_ids` refers to. */
  index: z.number().int().nonnegative(),
  /** `GPU-xxxxxxxx-…`: stable across reboots, unlike the index. */
  uuid: z.string(),
  name: z.string(),
  /** `00000000:1B:00.0` (domain:bus:device.function, hex). */
  pciBusId: z.string().nullable(),
  memoryUsedBytes: z.number().nonnegative().nullable(),
  memoryTotalBytes: z.number().nonnegative().nullable(),
  utilizationPct: z.number().min(0).max(100).nullable(),
  temperatureC: z.number().nullable(),
  powerW: z.number().nonnegative().nullable(),
  powerLimitW: z.number().nonnegative().nullable(),
  /** Compute processes, refreshed every few seconds (not at every sample). */
  processes: z.array(GpuProcess),
});
export type GpuInfo = z.infer<typeof GpuInfo>;

/**
 * One GPU's recent samples, as columns (uPlot's layout): `t[i]` is the time of the i-th point in
 * epoch milliseconds; nulls are samples where the field was not reported. At most one point a second.
 */
export const GpuHistory = z.object({
  index: z.number().int().nonnegative(),
  uuid: z.string(),
  t: z.array(z.number()),
  memoryUsedBytes: z.array(z.number().nullable()),
  utilizationPct: z.array(z.number().nullable()),
  temperatureC: z.array(z.number().nullable()),
  powerW: z.array(z.number().nullable()),
});
export type GpuHistory = z.infer<typeof GpuHistory>;

export const HostInfo = z.object({
  hostname: z.string(),
  /** e.g. `Debian GNU/Linux 12`, with the kernel apart. */
  os: z.string(),
  kernel: z.string(),
  arch: z.string(),
  cpu: z.object({ model: z.string(), cores: z.number().int().nonnegative(), loadPct: z.number().nullable() }),
  memory: z.object({ totalBytes: z.number().nonnegative(), availableBytes: z.number().nonnegative() }),
  /** The file system of MODEL_CACHE_DIR; nulls when it cannot be read. */
  cacheDisk: z.object({ path: z.string(), freeBytes: z.number().nullable(), totalBytes: z.number().nullable() }),
  /** ISO time of the last refresh (host figures refresh every few seconds, not per request). */
  sampledAt: z.string(),
});
export type HostInfo = z.infer<typeof HostInfo>;

/**
 * How the monitor is doing: `running` (samples flow), `starting`, `no_driver` (nvidia-smi absent
 * or cannot talk to a driver: the list is empty, diagnostics say why), `restarting` (nvidia-smi
 * exited; it is restarted with backoff), `disabled` (no monitor in this gateway).
 */
export const GpuMonitorStatus = z.object({
  state: z.enum(['starting', 'running', 'restarting', 'no_driver', 'disabled']),
  message: z.string(),
  /** ISO time of the last sample, if any. */
  lastSampleAt: z.string().nullable(),
  restarts: z.number().int().nonnegative(),
});
export type GpuMonitorStatus = z.infer<typeof GpuMonitorStatus>;

export const GpusQuery = z.object({
  /** How much history to return per GPU, in seconds (0: none). */
  historySeconds: z.coerce.number().int().min(0).max(3600).default(300),
});
export type GpusQuery = z.infer<typeof GpusQuery>;

export const GpusResponse = z.object({
  gpus: z.array(GpuInfo),
  history: z.array(GpuHistory),
  /** Null until the first host sample (a second or so after start). */
  host: HostInfo.nullable(),
  monitor: GpuMonitorStatus,
});
export type GpusResponse = z.infer<typeof GpusResponse>;

/** The live message on `GET /api/events`, one per nvidia-smi sample (GPU_POLL_MS). */
export const GpuSampledMessage = z.object({
  type: z.literal('gpu.sampled'),
  /** ISO time of the sample. */
  time: z.string(),
  gpus: z.array(GpuInfo),
});
export type GpuSampledMessage = z.infer<typeof GpuSampledMessage>;
