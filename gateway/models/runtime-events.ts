import type { RuntimeEventInput } from '../contract/events';
import type { EngineExit, EngineHandle } from '../engines/engine-host';
import type { GatewayError } from '../errors';
import type { LostGpu } from './model-source';

/** The runtime events of loads, unloads and crashes: what the Events page and the log show. */
export function where(ids: number[]): string {
  return ids.length === 0 ? 'the CPU' : `GPU ${ids.join(', ')}`;
}

export function loadingEvent(key: string, ids: number[]): RuntimeEventInput {
  return { level: 'info', kind: 'model.loading', model: key, message: `Loading "${key}" on ${where(ids)}.`, data: { gpuDeviceIds: ids } };
}

export function loadedEvent(key: string, ids: number[], handle: EngineHandle, ms: number): RuntimeEventInput {
  const data = { gpuDeviceIds: ids, device: handle.device, pids: handle.pids, loadMs: ms };
  if (handle.deviceNote) {
    return {
      level: 'warn', kind: 'model.loaded', model: key, data,
      message: `"${key}" ${handle.deviceNote} (GPU ${ids.join(', ')} asked).`,
      hint: 'Install the CUDA 12 build of onnxruntime-node (its installer fetches the CUDA provider when CUDA 12 is present; see doc/operations.md), then load the model again.',
    };
  }
  return { level: 'info', kind: 'model.loaded', model: key, data, message: `"${key}" loaded on ${where(ids)} (${handle.device}) in ${(ms / 1000).toFixed(1)} s.` };
}

export function loadFailedEvent(key: string, ids: number[], err: GatewayError): RuntimeEventInput {
  return { level: 'error', kind: 'model.load_failed', model: key, message: `"${key}" could not be loaded on ${where(ids)}: ${err.message}`, hint: err.hint, data: { gpuDeviceIds: ids, code: err.code } };
}

export function unloadingEvent(key: string, inFlight: number, drainMs: number): RuntimeEventInput {
  const waiting = inFlight > 0 ? ` Waiting up to ${Math.round(drainMs / 1000)} s for ${inFlight} request(s) in flight.` : '';
  return { level: 'info', kind: 'model.unloading', model: key, message: `Unloading "${key}".${waiting}`, data: { inFlight } };
}

export function unloadedEvent(key: string, ids: number[]): RuntimeEventInput {
  return { level: 'info', kind: 'model.unloaded', model: key, message: `"${key}" unloaded; ${where(ids)} memory is released.`, data: { gpuDeviceIds: ids } };
}

export function gpuLostEvent(key: string, ids: number[], gpu: LostGpu, err: GatewayError): RuntimeEventInput {
  return {
    level: 'error', kind: 'model.gpu_lost', model: key, hint: err.hint,
    message: `"${key}" failed: GPU ${gpu.index} (${gpu.name}) it ran on is no longer listed by nvidia-smi. Requests in flight got 503 gpu_lost; it is not restarted.`,
    data: { gpuDeviceIds: ids, gpuIndex: gpu.index, gpuUuid: gpu.uuid, code: err.code },
  };
}

export function crashedEvent(key: string, ids: number[], exit: EngineExit, hint?: string): RuntimeEventInput {
  return {
    level: 'error', kind: 'model.crashed', model: key, hint,
    message: `"${key}" stopped unexpectedly on ${where(ids)}: ${exit.reason}. Requests in flight got 503 model_crashed.`,
    data: { gpuDeviceIds: ids, exitCode: exit.code, signal: exit.signal },
  };
}
