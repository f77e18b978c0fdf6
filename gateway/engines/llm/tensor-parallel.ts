import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayError } from '../../errors';

interface HeadCounts {
  attention: number;
  keyValue: number | null;
}

/** The head counts of a Hugging Face config.json (multimodal models keep them in text_config). */
export function readHeadCounts(snapshotDir: string): HeadCounts | null {
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(readFileSync(join(snapshotDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  const text = (typeof config.text_config === 'object' && config.text_config !== null ? config.text_config : {}) as Record<string, unknown>;
  const attention = config.num_attention_heads ?? text.num_attention_heads;
  const keyValue = config.num_key_value_heads ?? text.num_key_value_heads;
  if (typeof attention !== 'number' || attention < 1) return null;
  return { attention, keyValue: typeof keyValue === 'number' && keyValue > 0 ? keyValue : null };
}

/**
 * Tensor parallelism splits the attention heads across the GPUs, so their number must divide the
 * head count; key/value heads are split too, or replicated when there are fewer than GPUs (vLLM's
 * rule). Checked before anything starts, so a bad choice costs no GPU time.
 */
export function checkTensorParallelSize(key: string, snapshotDir: string, size: number): void {
  const heads = readHeadCounts(snapshotDir);
  if (!heads) return; // vLLM will say what is wrong with the config itself.
  const kv = heads.keyValue;
  const kvOk = kv === null || (kv >= size ? kv % size === 0 : size % kv === 0);
  if (heads.attention % size === 0 && kvOk) return;
  const choices = divisors(heads.attention).filter((d) => kv === null || (kv >= d ? kv % d === 0 : d % kv === 0));
  throw new GatewayError('invalid_tensor_parallel_size', `Model "${key}" has ${heads.attention} attention heads${kv !== null ? ` and ${kv} key/value heads` : ''}: ${size} GPUs cannot share them evenly (vLLM splits the heads across the chosen GPUs).`, {
    param: 'gpu_device_ids',
    hint: `Choose a number of GPUs among ${choices.join(', ')}.`,
  });
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= Math.min(n, 64); d++) if (n % d === 0) out.push(d);
  return out;
}
