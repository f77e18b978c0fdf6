import type { GpuHistory } from '../contract/gpus';
import type { GpuReading } from './parse-nvidia-smi';

/** An hour at one point a second. */
export const HISTORY_CAPACITY = 3600;
/** Points closer than this are not kept (GPU_POLL_MS below 1 s still stores about 1 Hz). */
const MIN_SPACING_MS = 900;

/**
 * One GPU's history in fixed typed arrays: no allocation per sample, a bounded footprint
 * (3600 × 5 × 8 bytes ≈ 140 kB per GPU), null stored as NaN.
 */
export class SampleRing {
  private readonly t: Float64Array;
  private readonly memory: Float64Array;
  private readonly utilization: Float32Array;
  private readonly temperature: Float32Array;
  private readonly power: Float32Array;
  private next = 0;
  private size = 0;

  constructor(readonly uuid: string, readonly capacity = HISTORY_CAPACITY) {
    this.t = new Float64Array(capacity);
    this.memory = new Float64Array(capacity);
    this.utilization = new Float32Array(capacity);
    this.temperature = new Float32Array(capacity);
    this.power = new Float32Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Stores a sample unless the previous point is less than ~1 s older. Returns whether it was kept. */
  add(timeMs: number, r: GpuReading): boolean {
    if (this.size > 0 && timeMs - this.t[(this.next + this.capacity - 1) % this.capacity]! < MIN_SPACING_MS) return false;
    const i = this.next;
    this.t[i] = timeMs;
    this.memory[i] = r.memoryUsedBytes ?? Number.NaN;
    this.utilization[i] = r.utilizationPct ?? Number.NaN;
    this.temperature[i] = r.temperatureC ?? Number.NaN;
    this.power[i] = r.powerW ?? Number.NaN;
    this.next = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
    return true;
  }

  /** The points of the last `windowSeconds` before `nowMs`, oldest first, as columns. */
  window(index: number, windowSeconds: number, nowMs: number): GpuHistory {
    const out: GpuHistory = { index, uuid: this.uuid, t: [], memoryUsedBytes: [], utilizationPct: [], temperatureC: [], powerW: [] };
    const since = nowMs - windowSeconds * 1000;
    const start = (this.next + this.capacity - this.size) % this.capacity;
    for (let k = 0; k < this.size; k++) {
      const i = (start + k) % this.capacity;
      if (this.t[i]! <= since) continue;
      out.t.push(this.t[i]!);
      out.memoryUsedBytes.push(nullable(this.memory[i]!));
      out.utilizationPct.push(nullable(this.utilization[i]!));
      out.temperatureC.push(nullable(this.temperature[i]!));
      out.powerW.push(nullable(this.power[i]!));
    }
    return out;
  }
}

function nullable(n: number): number | null {
  return Number.isNaN(n) ? null : Math.round(n * 100) / 100;
}
