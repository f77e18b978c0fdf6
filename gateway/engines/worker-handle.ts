import type { ChildProcess } from 'node:child_process';
import { GatewayError } from '../errors';
import type { EngineExit, EngineHandle, RunOptions } from './engine-host';
import type { FromWorker, ToWorker, WorkerDevice } from './worker-protocol';
import { exitReason, fromWorkerFailure } from './worker-failure';

interface Pending {
  resolve(result: unknown): void;
  reject(err: unknown): void;
  onProgress?: (progress: unknown) => void;
}

export interface WorkerReady {
  device: WorkerDevice;
  deviceNote?: string;
  env: Record<string, string | null>;
}

/**
 * The gateway's side of one loaded worker: numbered requests over IPC, their answers, and the
 * process's end. A worker that dies fails every request in flight with 503 model_crashed.
 */
export class WorkerHandle implements EngineHandle {
  private readonly pending = new Map<number, Pending>();
  private readonly exitListeners: ((exit: EngineExit) => void)[] = [];
  private nextId = 1;
  private stopping = false;
  readonly exited: Promise<EngineExit>;

  constructor(private readonly key: string, private readonly child: ChildProcess, readonly ready: WorkerReady, private readonly graceMs: number, stderrTail: string[]) {
    child.on('message', (m: FromWorker) => this.onMessage(m));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        const exit = { code, signal, reason: exitReason(code, signal, stderrTail) };
        this.failPending(exit);
        if (!this.stopping) for (const listener of this.exitListeners) listener(exit);
        resolve(exit);
      });
    });
  }

  get pids(): number[] {
    return this.child.pid === undefined ? [] : [this.child.pid];
  }

  get device(): WorkerDevice {
    return this.ready.device;
  }

  get deviceNote(): string | undefined {
    return this.ready.deviceNote;
  }

  get inFlight(): number {
    return this.pending.size;
  }

  onExit(listener: (exit: EngineExit) => void): void {
    this.exitListeners.push(listener);
  }

  run(request: unknown, options: RunOptions = {}): Promise<unknown> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.stopping || this.child.exitCode !== null || this.child.signalCode !== null) {
      return Promise.reject(new GatewayError('model_not_loaded', `The model "${this.key}" is being unloaded.`, { hint: 'Load it again with POST /api/admin/models/{key}/load, then retry.', retryAfterSeconds: 5 }));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(id);
        this.send({ type: 'cancel', id });
        reject(signal!.reason);
      };
      const done = (fn: (v: unknown) => void) => (v: unknown): void => {
        signal?.removeEventListener('abort', onAbort);
        fn(v);
      };
      this.pending.set(id, { resolve: done(resolve), reject: done(reject), onProgress: options.onProgress });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.send({ type: 'run', id, request });
    });
  }

  /** Asks the worker to release its sessions and exit; kills it after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.send({ type: 'unload' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), this.graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private send(message: ToWorker): void {
    if (this.child.connected) this.child.send(message, (err) => err && undefined);
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'ready' || message.id === undefined) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === 'progress') return pending.onProgress?.(message.progress);
    this.pending.delete(message.id);
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(fromWorkerFailure(this.key, message.error));
  }

  private failPending(exit: EngineExit): void {
    const err = this.stopping
      ? new GatewayError('model_not_loaded', `The model "${this.key}" was unloaded before this request finished.`, { hint: 'Load it again, then retry.', retryAfterSeconds: 5 })
      : new GatewayError('model_crashed', `The model "${this.key}" stopped while serving this request (${exit.reason}).`, { hint: 'Retry: the next request reloads it (or load it again from the Models page). GET /api/admin/events has the cause.', retryAfterSeconds: 5 });
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
  }
}
