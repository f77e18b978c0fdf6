import { GatewayError } from '../../errors';

/**
 * vLLM's known start-up failures, read from its stderr (engines.md §4.4), turned into errors that
 * carry vLLM's own words and the fix. Returns null when no known cause is in the lines.
 */
export function classifyStartFailure(key: string, lines: readonly string[]): GatewayError | null {
  for (const raw of lines) {
    const line = stripPrefix(raw);
    const error = freeMemory(key, line) ?? maxLength(key, line) ?? noCacheBlocks(key, line) ?? cudaOom(key, line) ?? userMaxLen(key, line);
    if (error) return error;
  }
  return null;
}

/** The estimated maximum model length vLLM suggests, when its message gives one. */
export function suggestedMaxModelLen(message: string): number | null {
  const m = /estimated maximum model length is (\d+)/.exec(message);
  return m ? Number(m[1]) : null;
}

// "ERROR 11-26 08:44:42 [core.py:708] ValueError: …" → "ValueError: …"
function stripPrefix(line: string): string {
  return line.replace(/^(?:\(\w+ pid=\d+\)\s*)?(?:[A-Z]+ \d\d-\d\d [\d:]+ \[[^\]]+\] )?/, '').trim();
}

function oom(key: string, vllmMessage: string, hint: string): GatewayError {
  return new GatewayError('insufficient_gpu_memory', `vLLM could not start "${key}": ${vllmMessage}`, { param: 'gpu_device_ids', hint });
}

function freeMemory(key: string, line: string): GatewayError | null {
  const m = /Free memory on device \(([\d.]+)\/([\d.]+) GiB\) on startup is less than desired GPU memory utilization \(([\d.]+)/.exec(line);
  if (!m) return null;
  const fits = Math.floor((Number(m[1]) / Number(m[2]) - 0.02) * 100) / 100;
  return oom(key, line, fits >= 0.05
    ? `Free the GPU memory used by other processes (see the GPUs page), choose other GPUs, or load with options.gpuMemoryUtilization ≤ ${fits.toFixed(2)} (what is free now).`
    : 'Free the GPU memory used by other processes (see the GPUs page), or choose other GPUs.');
}

function maxLength(key: string, line: string): GatewayError | null {
  const suggested = suggestedMaxModelLen(line);
  if (suggested === null) return null;
  return oom(key, line, `Load with options.maxModelLen = ${suggested} (the longest context that fits), or give it more GPUs or a higher options.gpuMemoryUtilization.`);
}

function noCacheBlocks(key: string, line: string): GatewayError | null {
  if (!line.includes('No available memory for the cache blocks')) return null;
  return oom(key, line, 'The weights leave no room for the KV cache: raise options.gpuMemoryUtilization, spread the model over more GPUs, or use a quantized variant.');
}

function cudaOom(key: string, line: string): GatewayError | null {
  if (!/(?:torch\.(?:cuda\.)?OutOfMemoryError|CUDA out of memory)/.test(line)) return null;
  return oom(key, line, 'The weights do not fit: spread the model over more GPUs, use a quantized variant, or free the GPU memory used by other processes.');
}

function userMaxLen(key: string, line: string): GatewayError | null {
  if (!/User-specified max_model_len .* is greater than/.test(line)) return null;
  return new GatewayError('invalid_model_options', `vLLM could not start "${key}": ${line}`, {
    param: 'options.maxModelLen',
    hint: 'Lower options.maxModelLen to the model\'s own maximum (max_position_embeddings in its config.json).',
  });
}
