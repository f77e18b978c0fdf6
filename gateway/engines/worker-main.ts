import { watchParent } from './parent-watch';
import { workerEngines } from './worker-engines';
import type { LoadedEngine } from './worker-engine';
import type { FromWorker, ToWorker, WorkerFailure } from './worker-protocol';

/**
 * Entry of a model worker: `child_process.fork`ed by the gateway (worker-host.ts) with
 * CUDA_VISIBLE_DEVICES already set. It loads one model, answers `run` messages until `unload`,
 * and exits when the gateway goes away.
 */
let loaded: LoadedEngine | undefined;
const running = new Map<number, AbortController>();

function send(message: FromWorker): void {
  if (process.connected) process.send!(message);
}

function failure(err: unknown, code = 'engine_error'): WorkerFailure {
  if (err instanceof Error && err.name === 'AbortError') return { code: 'request_cancelled', message: 'The request was cancelled.' };
  // Engines may throw an error with a gateway code (`invalid_audio`, say) to choose the status.
  const own = (err as { code?: unknown } | null)?.code;
  return { code: typeof own === 'string' && /^[a-z_]+$/.test(own) ? own : code, message: err instanceof Error ? err.message : String(err) };
}

async function load(message: Extract<ToWorker, { type: 'load' }>): Promise<void> {
  const started = performance.now();
  try {
    const factory = workerEngines[message.engine];
    if (!factory) throw new Error(`this worker has no engine "${message.engine}"`);
    const engine = await factory();
    loaded = await engine.load(message.snapshotDirs, message.options, { gpuDeviceIds: message.gpuDeviceIds });
    send({
      type: 'ready', device: loaded.device.device, deviceNote: loaded.device.note, loadMs: Math.round(performance.now() - started),
      env: { CUDA_VISIBLE_DEVICES: process.env.CUDA_VISIBLE_DEVICES ?? null, CUDA_DEVICE_ORDER: process.env.CUDA_DEVICE_ORDER ?? null },
    });
  } catch (err) {
    send({ type: 'error', error: failure(err, 'engine_load_failed') });
  }
}

async function run(id: number, request: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    if (!loaded) throw new Error('the model is not loaded in this worker');
    const result = await loaded.run(request, (progress) => send({ type: 'progress', id, progress }), controller.signal);
    send({ type: 'result', id, result });
  } catch (err) {
    send({ type: 'error', id, error: controller.signal.aborted ? failure(controller.signal.reason ?? err, 'request_cancelled') : failure(err) });
  } finally {
    running.delete(id);
  }
}

async function unload(code: number): Promise<never> {
  for (const controller of running.values()) controller.abort(new DOMException('unloading', 'AbortError'));
  await loaded?.dispose().catch(() => undefined);
  process.exit(code);
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'load') void load(message);
  else if (message.type === 'run') void run(message.id, message.request);
  else if (message.type === 'cancel') running.get(message.id)?.abort(new DOMException('cancelled', 'AbortError'));
  else if (message.type === 'unload') void unload(0);
});

watchParent((reason) => {
  process.stderr.write(`model worker ${process.pid}: ${reason}; exiting\n`);
  // Exit at once: the sessions' memory goes with the process, and nobody waits for an answer.
  process.exit(0);
});
