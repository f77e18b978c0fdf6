import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { GatewayError } from '../errors';
import type { Logger } from '../logging/logger';
import type { EngineHost, EngineStart } from './engine-host';
import { workerEntry, type WorkerEntry } from './worker-entry';
import { workerEnv } from './worker-env';
import { exitReason } from './worker-failure';
import { WorkerHandle, type WorkerReady } from './worker-handle';
import type { FromWorker } from './worker-protocol';

export interface WorkerHostOptions {
  logger: Logger;
  /** How long a model may take to load (big encoders on first CUDA use are slow). */
  loadTimeoutMs?: number;
  /** After `unload`, how long a worker may take to exit before SIGKILL. */
  graceMs?: number;
  entry?: WorkerEntry;
  env?: NodeJS.ProcessEnv;
}

const STDERR_TAIL = 20;

/** Starts ONNX Runtime models, one forked worker process each. */
export class WorkerHost implements EngineHost {
  readonly requiresGpu = false;
  private readonly loadTimeoutMs: number;
  private readonly graceMs: number;

  constructor(private readonly options: WorkerHostOptions) {
    this.loadTimeoutMs = options.loadTimeoutMs ?? 300_000;
    this.graceMs = options.graceMs ?? 5_000;
  }

  async start(start: EngineStart): Promise<WorkerHandle> {
    const entry = this.options.entry ?? workerEntry();
    const child = fork(entry.modulePath, [], {
      env: workerEnv(this.options.env ?? process.env, start.gpuDeviceIds),
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const stderrTail = this.captureOutput(child, start.key);
    child.send({ type: 'load', engine: start.engine, snapshotDirs: start.snapshotDirs, options: start.options, gpuDeviceIds: start.gpuDeviceIds });
    const ready = await this.waitReady(child, start, stderrTail);
    return new WorkerHandle(start.key, child, ready, this.graceMs, stderrTail);
  }

  /** Resolves on `ready`; on a load error, an early exit or the timeout, kills the worker and rejects. */
  private waitReady(child: ChildProcess, start: EngineStart, stderrTail: string[]): Promise<WorkerReady> {
    return new Promise((resolve, reject) => {
      const fail = (message: string): void => {
        cleanup();
        child.kill('SIGKILL');
        reject(new GatewayError('engine_load_failed', `Model "${start.key}" could not be loaded: ${message}`, {
          hint: 'Check that the download is complete and the engine options are right; the gateway log has the worker output.',
        }));
      };
      const onMessage = (m: FromWorker): void => {
        if (m.type === 'ready') {
          cleanup();
          resolve({ device: m.device, deviceNote: m.deviceNote, env: m.env });
        } else if (m.type === 'error' && m.id === undefined) fail(m.error.message);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => fail(`the worker ${exitReason(code, signal, stderrTail)}`);
      const onError = (err: Error): void => fail(`the worker could not start (${err.message})`);
      const timer = setTimeout(() => fail(`not ready after ${Math.round(this.loadTimeoutMs / 1000)} s`), this.loadTimeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        child.off('message', onMessage).off('exit', onExit).off('error', onError);
      };
      child.on('message', onMessage).once('exit', onExit).once('error', onError);
    });
  }

  /** Worker output goes to the gateway log; the last stderr lines explain a crash. */
  private captureOutput(child: ChildProcess, key: string): string[] {
    const tail: string[] = [];
    const log = this.options.logger.child({ model: key, workerPid: child.pid });
    createInterface({ input: child.stdout! }).on('line', (line) => log.debug({ line }, 'worker stdout'));
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log.warn({ line }, 'worker stderr');
      tail.push(line.slice(0, 500));
      if (tail.length > STDERR_TAIL) tail.shift();
    });
    return tail;
  }
}
