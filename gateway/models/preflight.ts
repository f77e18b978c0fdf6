import type { GpuFit, GpuFitDevice } from '../contract/lifecycle';
import type { EngineHost } from '../engines/engine-host';
import type { GpuInventory } from './model-source';

export interface Resident {
  key: string;
  gpuDeviceIds: number[];
  vramBytes: number | null;
  /** Still loading: nvidia-smi does not count (all of) its memory yet. */
  loading?: boolean;
}

export interface FitInput {
  key: string;
  gpuDeviceIds: number[];
  vramBytes: number | null;
  options: Record<string, unknown>;
  host: Pick<EngineHost, 'neededBytesPerGpu'>;
  gpus: GpuInventory;
  /** The models loaded now (this one included, if it is). */
  resident: Resident[];
}

/**
 * Whether a model fits on the chosen GPUs, per GPU. nvidia-smi's free memory already counts the
 * models loaded there; they are listed so the operator sees who uses it. A model already on
 * a GPU is not counted twice: its own estimate is given back to that GPU's free memory. A model
 * still loading there has its estimate taken off, as nvidia-smi does not show it yet.
 */
export function gpuFit(input: FitInput): GpuFit {
  const { gpuDeviceIds: ids, gpus } = input;
  if (ids.length === 0) return { gpuDeviceIds: [], device: 'cpu', fits: true, neededBytes: input.vramBytes, devices: [], message: 'Runs on the CPU: no GPU memory is needed.' };
  const needed = input.host.neededBytesPerGpu?.(input.vramBytes, ids, input.options, (i) => gpus.totalBytes(i))
    ?? ids.map((_, i) => (i === 0 ? input.vramBytes : 0));
  const devices = ids.map((index, i) => fitOne(input, index, needed[i] ?? null));
  const fits = devices.some((d) => d.fits === false) ? false : devices.every((d) => d.fits === true) ? true : null;
  return { gpuDeviceIds: ids, device: 'cuda', fits, neededBytes: input.vramBytes, devices, message: fitMessage(devices, input.vramBytes) };
}

function fitOne(input: FitInput, index: number, neededBytes: number | null): GpuFitDevice {
  const others = input.resident.filter((r) => r.gpuDeviceIds.includes(index));
  const self = others.find((r) => r.key === input.key);
  const measured = input.gpus.freeBytes(index);
  // Another model loading here will take its estimate soon: two loads at once must not both fit.
  const coming = others.filter((r) => r.loading && r.key !== input.key && r.gpuDeviceIds[0] === index).reduce((n, r) => n + (r.vramBytes ?? 0), 0);
  const freeBytes = measured === null ? null : Math.max(0, measured + (self?.gpuDeviceIds[0] === index ? self.vramBytes ?? 0 : 0) - coming);
  const fits = freeBytes === null || neededBytes === null ? null : neededBytes <= freeBytes;
  return {
    index, freeBytes, totalBytes: input.gpus.totalBytes(index), neededBytes, fits,
    coResident: others.filter((r) => r.key !== input.key).map((r) => ({ key: r.key, estimatedBytes: r.vramBytes })),
  };
}

function fitMessage(devices: GpuFitDevice[], vramBytes: number | null): string | undefined {
  const short = devices.filter((d) => d.fits === false);
  if (short.length > 0) return short.map((d) => `GPU ${d.index} has ${gib(d.freeBytes)} free, ${gib(d.neededBytes)} needed`).join('; ') + '. Unload a model there or choose other GPUs.';
  if (vramBytes === null) return 'The VRAM estimate of this model is unknown: the fit cannot be checked.';
  if (devices.some((d) => d.freeBytes === null)) return 'The free memory of some GPUs is unknown (nvidia-smi has not reported it).';
  return undefined;
}

function gib(bytes: number | null): string {
  return bytes === null ? '?' : `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}
