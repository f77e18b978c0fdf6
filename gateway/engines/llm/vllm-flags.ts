import { GatewayError } from '../../errors';
import { isProxyOption } from './llm-options';

type FlagKind = 'int' | 'fraction' | 'number' | 'word' | 'bool';

/**
 * Load options that become `vllm serve` flags: an allow-list, so a load request can tune vLLM
 * without being able to change where it listens, what it serves or run code from the repo
 * (`--trust-remote-code` is deliberately absent). The option name is the flag in camelCase.
 */
const ALLOWED: Record<string, { flag: string; kind: FlagKind }> = {
  gpuMemoryUtilization: { flag: '--gpu-memory-utilization', kind: 'fraction' },
  maxModelLen: { flag: '--max-model-len', kind: 'int' },
  dtype: { flag: '--dtype', kind: 'word' },
  quantization: { flag: '--quantization', kind: 'word' },
  enforceEager: { flag: '--enforce-eager', kind: 'bool' },
  maxNumSeqs: { flag: '--max-num-seqs', kind: 'int' },
  maxNumBatchedTokens: { flag: '--max-num-batched-tokens', kind: 'int' },
  kvCacheDtype: { flag: '--kv-cache-dtype', kind: 'word' },
  kvCacheMemoryBytes: { flag: '--kv-cache-memory-bytes', kind: 'int' },
  enablePrefixCaching: { flag: '--enable-prefix-caching', kind: 'bool' },
  enableChunkedPrefill: { flag: '--enable-chunked-prefill', kind: 'bool' },
  swapSpace: { flag: '--swap-space', kind: 'number' },
  seed: { flag: '--seed', kind: 'int' },
  enableAutoToolChoice: { flag: '--enable-auto-tool-choice', kind: 'bool' },
  toolCallParser: { flag: '--tool-call-parser', kind: 'word' },
  reasoningParser: { flag: '--reasoning-parser', kind: 'word' },
  maxLogprobs: { flag: '--max-logprobs', kind: 'int' },
};

/** Options the vLLM engine reads itself (or the catalog's, such as the VRAM estimate) rather than passing on. */
const ENGINE_KEYS = new Set(['startupTimeoutSeconds', 'stopGraceSeconds', 'healthCheckIntervalSeconds', 'healthCheckTimeoutSeconds', 'vramBytes']);

export const DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

/** The flags for these options, in a stable order; 400 invalid_model_options for anything else. */
export function vllmFlags(options: Record<string, unknown>): string[] {
  const flags: string[] = [];
  const withDefaults = { gpuMemoryUtilization: DEFAULT_GPU_MEMORY_UTILIZATION, ...options };
  for (const [name, value] of Object.entries(withDefaults)) {
    if (ENGINE_KEYS.has(name) || isProxyOption(name) || value === undefined || value === null) continue;
    const spec = ALLOWED[name];
    if (!spec) throw unknownOption(name);
    if (spec.kind === 'bool') {
      if (typeof value !== 'boolean') throw badValue(name, 'true or false');
      if (value) flags.push(spec.flag);
      continue;
    }
    flags.push(spec.flag, checkValue(name, spec.kind, value));
  }
  return flags;
}

function checkValue(name: string, kind: Exclude<FlagKind, 'bool'>, value: unknown): string {
  if (kind === 'word') {
    if (typeof value !== 'string' || !/^[A-Za-z0-9][\w.-]{0,63}$/.test(value)) throw badValue(name, 'a word of letters, digits, ".", "_" or "-"');
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badValue(name, 'a number');
  if (kind === 'int' && (!Number.isInteger(value) || value < 0)) throw badValue(name, 'a whole number');
  if (kind === 'fraction' && (value <= 0 || value > 1)) throw badValue(name, 'a fraction above 0 and at most 1, such as 0.9');
  if (kind === 'number' && value < 0) throw badValue(name, 'a positive number');
  return String(value);
}

function unknownOption(name: string): GatewayError {
  return new GatewayError('invalid_model_options', `Option "${name}" is not accepted for a vLLM model.`, {
    param: `options.${name}`,
    hint: `Accepted vLLM options: ${Object.keys(ALLOWED).join(', ')}; and for the proxy: maxConcurrency, maxQueue, queueTimeoutSeconds, connectTimeoutSeconds, firstByteTimeoutSeconds, idleTimeoutSeconds, startupTimeoutSeconds, healthCheckIntervalSeconds, healthCheckTimeoutSeconds.`,
  });
}

function badValue(name: string, expected: string): GatewayError {
  return new GatewayError('invalid_model_options', `Option "${name}" must be ${expected}.`, { param: `options.${name}`, hint: 'Fix the value in the load request or the catalog entry.' });
}
