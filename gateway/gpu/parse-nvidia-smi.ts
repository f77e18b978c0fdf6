/**
 * Pure parsers of nvidia-smi's CSV output (`--format=csv,noheader,nounits`; reference:
 * ../shared/reference/ecosystem.md §5.2). Values are separated by comma + space, one line per GPU
 * in index order; a value the driver lacks prints `[N/A]` (sometimes bare `N/A`), `[Not Supported]`,
 * `[Unknown Error]` or `[GPU requires reset]`: all become null, never 0 or NaN.
 */

/** The fields of the long-running sample loop, in the order the parser expects them. */
export const GPU_QUERY_FIELDS = [
  'index', 'uuid', 'name', 'pci.bus_id', 'memory.used', 'memory.total',
  'utilization.gpu', 'temperature.gpu', 'power.draw', 'power.limit',
] as const;

export const COMPUTE_APPS_FIELDS = ['pid', 'process_name', 'used_memory', 'gpu_uuid', 'gpu_bus_id'] as const;

const MIB = 1024 * 1024;

/** One GPU at one sample time. Bytes, %, °C, W; null where the driver did not say. */
export interface GpuReading {
  index: number;
  uuid: string;
  name: string;
  pciBusId: string | null;
  memoryUsedBytes: number | null;
  memoryTotalBytes: number | null;
  utilizationPct: number | null;
  temperatureC: number | null;
  powerW: number | null;
  powerLimitW: number | null;
}

export interface ComputeApp {
  pid: number;
  processName: string;
  usedBytes: number | null;
  gpuUuid: string;
  gpuBusId: string | null;
}

const MISSING = /^\[?(N\/A|Not Supported|Unknown Error|Insufficient Permissions|.*requires reset.*)\]?$/i;

/** A text field: null when missing. */
export function textValue(raw: string | undefined): string | null {
  const v = raw?.trim();
  if (!v || MISSING.test(v) || v.startsWith('[')) return null;
  return v;
}

/** A numeric field: null when missing or not a number. Tolerates a unit left in (`71 MiB`). */
export function numberValue(raw: string | undefined): number | null {
  const v = textValue(raw);
  if (v === null) return null;
  const m = /^-?\d+(?:\.\d+)?/.exec(v);
  return m ? Number(m[0]) : null;
}

const scaled = (n: number | null, factor: number): number | null => (n === null ? null : n * factor);

/** One line of `--query-gpu=GPU_QUERY_FIELDS`; null for a header, a blank or a malformed line. */
export function parseGpuLine(line: string): GpuReading | null {
  const parts = line.split(', ');
  if (parts.length !== GPU_QUERY_FIELDS.length) return null;
  const index = numberValue(parts[0]);
  const uuid = textValue(parts[1]);
  if (index === null || !Number.isInteger(index) || index < 0 || uuid === null) return null;
  const utilization = numberValue(parts[6]);
  return {
    index,
    uuid,
    name: textValue(parts[2]) ?? 'NVIDIA GPU',
    pciBusId: textValue(parts[3]),
    memoryUsedBytes: scaled(numberValue(parts[4]), MIB),
    memoryTotalBytes: scaled(numberValue(parts[5]), MIB),
    utilizationPct: utilization === null ? null : Math.min(100, Math.max(0, utilization)),
    temperatureC: numberValue(parts[7]),
    powerW: numberValue(parts[8]),
    powerLimitW: numberValue(parts[9]),
  };
}

/**
 * One line of `--query-compute-apps=COMPUTE_APPS_FIELDS`. The process name may itself contain
 * ", ", so the pid is taken from the front and the last three fields from the back.
 */
export function parseComputeAppLine(line: string): ComputeApp | null {
  const parts = line.split(', ');
  if (parts.length < COMPUTE_APPS_FIELDS.length) return null;
  const pid = numberValue(parts[0]);
  const gpuUuid = textValue(parts[parts.length - 2]);
  if (pid === null || !Number.isInteger(pid) || gpuUuid === null) return null;
  return {
    pid,
    processName: parts.slice(1, parts.length - 3).join(', ').trim(),
    usedBytes: scaled(numberValue(parts[parts.length - 3]), MIB),
    gpuUuid,
    gpuBusId: textValue(parts[parts.length - 1]),
  };
}

export function parseComputeApps(output: string): ComputeApp[] {
  const apps: ComputeApp[] = [];
  for (const line of output.split('\n')) {
    const app = parseComputeAppLine(line);
    if (app) apps.push(app);
  }
  return apps;
}

/**
 * Groups the loop's lines into one batch per sample time. nvidia-smi prints every GPU's line at
 * each tick; a batch ends when an index repeats (the next tick began), when it holds every GPU
 * seen so far in this run, or when the caller flushes (no more lines came for a moment).
 */
export class SampleAssembler {
  private pending: GpuReading[] = [];
  private inPending = new Set<number>();
  private readonly known = new Set<number>();
  /** GPUs per tick, learned once a first tick was closed by a repeat or a flush. */
  private expected = 0;
  rejectedLines = 0;

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Adds a line; returns a completed batch, if this line completed (or began) one. */
  push(line: string): GpuReading[] | null {
    const reading = parseGpuLine(line);
    if (reading === null) {
      if (line.trim() !== '') this.rejectedLines++;
      return null;
    }
    const done = this.inPending.has(reading.index) ? this.flush() : null;
    this.pending.push(reading);
    this.inPending.add(reading.index);
    this.known.add(reading.index);
    if (this.expected > 0) this.expected = this.known.size;
    if (done) return done;
    return this.expected > 0 && this.pending.length >= this.expected ? this.flush() : null;
  }

  flush(): GpuReading[] | null {
    if (this.pending.length === 0) return null;
    const batch = this.pending;
    this.expected = this.known.size;
    this.pending = [];
    this.inPending = new Set();
    return batch;
  }

  /** Forget the learned GPUs (a restarted nvidia-smi may see other ones). */
  reset(): void {
    this.pending = [];
    this.inPending = new Set();
    this.known.clear();
    this.expected = 0;
  }
}
