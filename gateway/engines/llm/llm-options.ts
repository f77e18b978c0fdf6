import { GatewayError } from '../../errors';

/**
 * Options every LLM engine takes (catalog entry options, overridden by load options), apart from
 * the engine's own flags: how the proxy treats the model. Times are seconds, as operators write them.
 */
export interface LlmProxyOptions {
  /** Requests sent upstream at once; more wait in the queue. */
  maxConcurrency: number;
  /** Requests that may wait; past it, 503 server_overloaded with Retry-After. */
  maxQueue: number;
  /** How long a queued request waits for a slot before 503. */
  queueTimeoutMs: number;
  /** TCP connect to the upstream. */
  connectTimeoutMs: number;
  /** Until the response head (for a non-streamed request: the whole generation). */
  firstByteTimeoutMs: number;
  /** Between two chunks of a streamed response. */
  idleTimeoutMs: number;
}

export const PROXY_DEFAULTS: LlmProxyOptions = {
  maxConcurrency: 256,
  maxQueue: 512,
  queueTimeoutMs: 60_000,
  connectTimeoutMs: 10_000,
  firstByteTimeoutMs: 600_000,
  idleTimeoutMs: 120_000,
};

/** Option name → [field, unit factor, min, max]. */
const PROXY_KEYS: Record<string, [keyof LlmProxyOptions, number, number, number]> = {
  maxConcurrency: ['maxConcurrency', 1, 1, 100_000],
  maxQueue: ['maxQueue', 1, 0, 1_000_000],
  queueTimeoutSeconds: ['queueTimeoutMs', 1000, 0.01, 3600],
  connectTimeoutSeconds: ['connectTimeoutMs', 1000, 0.01, 600],
  firstByteTimeoutSeconds: ['firstByteTimeoutMs', 1000, 0.01, 86_400],
  idleTimeoutSeconds: ['idleTimeoutMs', 1000, 0.01, 86_400],
};

export function isProxyOption(name: string): boolean {
  return name in PROXY_KEYS;
}

/** Reads the proxy options out of an engine's options; the others are the engine's business. */
export function parseProxyOptions(options: Record<string, unknown>): LlmProxyOptions {
  const out = { ...PROXY_DEFAULTS };
  for (const [name, [field, factor, min, max]] of Object.entries(PROXY_KEYS)) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (factor === 1 && !Number.isInteger(value))) {
      throw new GatewayError('invalid_model_options', `Option "${name}" must be ${factor === 1 ? 'an integer' : 'a number of seconds'} from ${min} to ${max}.`, {
        param: `options.${name}`,
        hint: 'Fix the value in the load request or the catalog entry; doc/api.md lists the LLM options.',
      });
    }
    out[field] = value * factor;
  }
  return out;
}
