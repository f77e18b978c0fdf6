import { GatewayError } from '../errors';

interface Waiter {
  grant: (release: () => void) => void;
  fail: (err: unknown) => void;
}

/**
 * At most `limit` requests upstream at once per model, at most `queueLimit` waiting, each for at
 * most `queueTimeoutMs`. Past that, 503 server_overloaded with Retry-After, at once: a burst
 * never grows memory or latency without bound (reliability.md F6).
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  /** `subject` names what is busy in the message: `Model "<model>"` unless given. */
  constructor(private readonly model: string, private readonly limit: number, private readonly queueLimit: number, private readonly queueTimeoutMs: number, private readonly subject = `Model "${model}"`) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiters.length;
  }

  /** Resolves with the release function once a slot is free; rejects when the queue is full. */
  acquire(signal: AbortSignal): Promise<() => void> {
    // An abort listener added now would never fire: the request would hold a queue place until the timeout.
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiters.length >= this.queueLimit) return Promise.reject(this.overloaded('its queue is full', 1));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: (release) => { cleanup(); resolve(release); },
        fail: (err) => { cleanup(); reject(err); },
      };
      const timer = setTimeout(() => waiter.fail(this.overloaded(`no slot freed within ${Math.round(this.queueTimeoutMs / 1000)} s`, 2)), this.queueTimeoutMs);
      const onAbort = (): void => waiter.fail(signal.reason);
      const cleanup = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant(this.releaser());
      else this.active--;
    };
  }

  private overloaded(why: string, retryAfterSeconds: number): GatewayError {
    return new GatewayError('server_overloaded', `${this.subject} is busy: ${this.limit} requests are running and ${why}.`, {
      retryAfterSeconds,
      hint: 'Retry after the Retry-After delay; an operator can raise options.maxConcurrency / options.maxQueue, or load the model on more GPUs.',
    });
  }
}
