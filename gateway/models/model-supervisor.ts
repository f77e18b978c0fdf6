import type { ErrorObject } from '../contract/errors';
import type { RuntimeEventInput } from '../contract/events';
import type { RuntimeState } from '../contract/models';
import { GatewayError } from '../errors';
import { NO_RESTART, restartDelayMs, RESTART_BACKOFF, type RestartBackoff, type RestartPolicy } from './restart-policy';
import { where } from './runtime-events';

export type Health = NonNullable<RuntimeState['health']>;

/** One model's supervision since an administrator (or a lazy request) last loaded it. */
interface Supervision {
  policy: RestartPolicy;
  /** Loads the model again with the same GPUs and options. */
  restart: () => Promise<void>;
  health?: Health;
  /** Automatic restarts since the last load asked by someone. */
  restarts: number;
  /** Restarts in this run of crashes (the backoff exponent); zero again after a stable run. */
  inARow: number;
  loadedAt?: number;
  lastFailure?: { at: string; error: ErrorObject };
  timer?: NodeJS.Timeout;
  nextRestartAt?: number;
  /** A restart's load is running. */
  restarting: boolean;
  gaveUp: boolean;
  /** The GPU whose loss failed the model; requests get gpu_lost while it is absent. */
  lostGpu?: number;
}

export interface SupervisorOptions {
  backoff?: Partial<RestartBackoff>;
  record(event: RuntimeEventInput): void;
  /** The runtime view changed (health, restart count): publish it. */
  changed(key: string): void;
  /** True while the model is failed and nobody is loading it (a restart may start). */
  canRestart(key: string): boolean;
  gpuPresent(index: number): boolean;
}

/**
 * Health and restarts of the engines (reliability.md F1, F2, F10): probe results make a loaded
 * model `ok` or `degraded`; a death makes it `down`, and under `restart: on-failure` it is loaded
 * again after a backoff that doubles per crash in a row, up to the policy's maximum. While it is
 * down, requests get 503 at once (with Retry-After while a restart is coming) instead of waiting.
 */
export class ModelSupervisor {
  private readonly by = new Map<string, Supervision>();
  private readonly backoff: RestartBackoff;

  constructor(private readonly o: SupervisorOptions) {
    this.backoff = { ...RESTART_BACKOFF, ...o.backoff };
  }

  policyOf(key: string): RestartPolicy {
    return this.by.get(key)?.policy ?? NO_RESTART;
  }

  /** A load asked by an administrator or a request: its policy, and the counts start again. */
  arm(key: string, policy: RestartPolicy, restart: () => Promise<void>): void {
    const previous = this.by.get(key);
    clearTimeout(previous?.timer);
    // An engine already running keeps its health; a restart still loading finishes as this load.
    this.by.set(key, { policy, restart, restarts: 0, inARow: 0, restarting: false, gaveUp: false, health: previous?.health, loadedAt: previous?.loadedAt, lastFailure: previous?.lastFailure });
  }

  /** An unload asked by someone: no restart is pending any more, and there is no engine to judge. */
  disarm(key: string): void {
    const s = this.by.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    Object.assign(s, { timer: undefined, nextRestartAt: undefined, health: undefined, gaveUp: false, lostGpu: undefined });
  }

  stopAll(): void {
    for (const key of this.by.keys()) this.disarm(key);
  }

  loaded(key: string, ids: number[]): void {
    const s = this.by.get(key);
    if (!s) return;
    s.health = 'ok';
    s.loadedAt = Date.now();
    s.lostGpu = undefined;
    if (s.restarting) {
      s.restarting = false;
      this.o.record({ level: 'info', kind: 'model.restarted', model: key, message: `"${key}" was restarted on ${where(ids)} and serves again (restart ${s.restarts} of at most ${s.policy.maxRestarts} in a row).`, data: { gpuDeviceIds: ids, restarts: s.restarts } });
    }
  }

  /** A health probe's verdict on a loaded engine. */
  probed(key: string, ok: boolean): void {
    const s = this.by.get(key);
    if (!s || s.health === 'down' || s.health === (ok ? 'ok' : 'degraded')) return;
    s.health = ok ? 'ok' : 'degraded';
    this.o.changed(key);
  }

  /** The engine died unasked (crash, or declared dead by its probes). */
  crashed(key: string, error: GatewayError | ErrorObject, ids: number[]): void {
    const s = this.by.get(key);
    if (!s) return;
    const ranMs = s.loadedAt === undefined ? 0 : Date.now() - s.loadedAt;
    if (ranMs >= this.backoff.stableAfterMs) s.inARow = 0;
    this.failed(s, key, error, ids);
  }

  /** A restart's load failed: one more failure in the same run. */
  restartFailed(key: string, error: unknown, ids: number[]): void {
    const s = this.by.get(key);
    if (!s?.restarting) return;
    s.restarting = false;
    this.failed(s, key, error instanceof GatewayError ? error : new GatewayError('engine_load_failed', String(error)), ids);
  }

  /** The model's GPU is gone: down, and no restart (it would only fail, or land elsewhere unasked). */
  lost(key: string, error: GatewayError, gpuIndex: number): void {
    const s = this.by.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    Object.assign(s, { timer: undefined, nextRestartAt: undefined, restarting: false, health: 'down', lostGpu: gpuIndex, lastFailure: { at: new Date().toISOString(), error: error.toErrorObject() } });
  }

  /** Why a request cannot have the model now, when it is down and must not be loaded by the request. */
  refusal(key: string): GatewayError | undefined {
    const s = this.by.get(key);
    if (!s) return undefined;
    if (s.lostGpu !== undefined && !this.o.gpuPresent(s.lostGpu)) {
      return new GatewayError('gpu_lost', `Model "${key}" is down: GPU ${s.lostGpu} it ran on is no longer visible to the gateway.`, {
        hint: `An administrator can load it on another GPU or the CPU (POST /api/admin/models/${key}/load with "gpu_device_ids"), or restore the GPU.`,
      });
    }
    if (s.nextRestartAt !== undefined) {
      const seconds = Math.max(1, Math.ceil((s.nextRestartAt - Date.now()) / 1000));
      return new GatewayError('model_crashed', `Model "${key}" stopped unexpectedly; it restarts in ${seconds} s (restart ${s.inARow} of at most ${s.policy.maxRestarts} in a row).`, {
        retryAfterSeconds: seconds + 5, hint: 'Retry after the Retry-After delay; the model state is on the Models page.',
      });
    }
    if (s.restarting) return new GatewayError('model_loading', `Model "${key}" is restarting after a crash.`, { retryAfterSeconds: 5, hint: 'Retry in a few seconds; the model state is on the Models page.' });
    if (s.gaveUp) {
      return new GatewayError('model_crashed', `Model "${key}" stopped unexpectedly ${s.policy.maxRestarts + 1} times in a row; the gateway no longer restarts it.`, {
        hint: `An administrator sees the cause in GET /api/admin/events?model=${key} and can load it again.`,
      });
    }
    return undefined;
  }

  /** The runtime fields of supervision, for GET /api/admin/models and the live messages. */
  view(key: string): Pick<RuntimeState, 'health' | 'restartPolicy' | 'restarts' | 'nextRestartAt' | 'lastFailure'> {
    const s = this.by.get(key);
    if (!s) return {};
    return {
      ...(s.health ? { health: s.health } : {}),
      // Without a restart policy there is nothing to count: the fields stay out of the view.
      ...(s.policy.policy !== 'no' || s.restarts > 0 ? { restartPolicy: s.policy.policy, restarts: s.restarts } : {}),
      ...(s.nextRestartAt !== undefined ? { nextRestartAt: new Date(s.nextRestartAt).toISOString() } : {}),
      ...(s.lastFailure ? { lastFailure: s.lastFailure } : {}),
    };
  }

  private failed(s: Supervision, key: string, error: GatewayError | ErrorObject, ids: number[]): void {
    s.health = 'down';
    s.lastFailure = { at: new Date().toISOString(), error: error instanceof GatewayError ? error.toErrorObject() : error };
    if (s.policy.policy !== 'on-failure') return;
    if (s.inARow >= s.policy.maxRestarts) {
      s.gaveUp = true;
      this.o.record({
        level: 'error', kind: 'model.restart_gave_up', model: key, data: { restarts: s.restarts, gpuDeviceIds: ids },
        message: `"${key}" stopped unexpectedly ${s.inARow + 1} times in a row on ${where(ids)}; it is left failed (restart policy: at most ${s.policy.maxRestarts}).`,
        hint: 'Read the crash events before this one for the cause (GPU memory, Xid errors, the engine\'s last output), then load it again.',
      });
      return;
    }
    s.inARow++;
    s.restarts++;
    const delay = restartDelayMs(this.backoff, s.inARow);
    s.nextRestartAt = Date.now() + delay;
    this.o.record({
      level: 'warn', kind: 'model.restart_scheduled', model: key, data: { attempt: s.inARow, maxRestarts: s.policy.maxRestarts, delayMs: delay, gpuDeviceIds: ids },
      message: `"${key}" restarts on ${where(ids)} in ${(delay / 1000).toFixed(1)} s (restart ${s.inARow} of at most ${s.policy.maxRestarts} in a row).`,
    });
    s.timer = setTimeout(() => this.fire(key, s, ids), delay);
    s.timer.unref();
  }

  private fire(key: string, s: Supervision, ids: number[]): void {
    s.timer = undefined;
    s.nextRestartAt = undefined;
    // Loaded, unloaded or being loaded by someone meanwhile: that wins.
    if (this.by.get(key) !== s || !this.o.canRestart(key)) return this.o.changed(key);
    s.restarting = true;
    s.restart().catch((err: unknown) => this.restartFailed(key, err, ids));
  }
}
