import { GatewayError } from '../../errors';
import { maskSecret } from '../../logging/mask-secret';
import { isProxyOption } from './llm-options';

/** What an `openai-upstream` catalog entry says about the service it attaches to. */
export interface UpstreamOptions {
  /** The OpenAI base URL, with its `/v1` (what the SDKs call baseURL). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer`; kept server-side, never shown by the admin API. */
  apiKey: string | null;
  /** The model name the upstream serves; the catalog key when absent. */
  model: string | null;
}

const KNOWN = new Set(['baseUrl', 'apiKey', 'model', 'healthIntervalSeconds', 'vramBytes']);

export function parseUpstreamOptions(key: string, options: Record<string, unknown>): UpstreamOptions {
  for (const name of Object.keys(options)) {
    if (!KNOWN.has(name) && !isProxyOption(name)) throw bad(name, `is not an option of an attached upstream (accepted: baseUrl, apiKey, model, healthIntervalSeconds and the proxy options)`);
  }
  const { baseUrl, apiKey, model } = options;
  if (typeof baseUrl !== 'string') throw bad('baseUrl', `is required for "${key}": the upstream's OpenAI base URL, such as http://vllm.internal:8000/v1`);
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw bad('baseUrl', 'must be an http(s) URL such as http://vllm.internal:8000/v1');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw bad('baseUrl', 'must be an http(s) URL without credentials, query or fragment (put the key in apiKey)');
  }
  if (apiKey !== undefined && (typeof apiKey !== 'string' || !/^[\x21-\x7e]{1,1024}$/.test(apiKey))) throw bad('apiKey', 'must be up to 1024 visible ASCII characters');
  if (model !== undefined && (typeof model !== 'string' || model.length === 0 || model.length > 256)) throw bad('model', 'must be the name the upstream serves (1 to 256 characters)');
  return { baseUrl: url.href.replace(/\/+$/, ''), apiKey: (apiKey as string | undefined) ?? null, model: (model as string | undefined) ?? null };
}

/**
 * An entry's options as the admin API may show them: the upstream's API key masked. The catalog
 * calls this for every entry it returns.
 */
export function publicEngineOptions(options: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!options || typeof options.apiKey !== 'string') return options;
  const { apiKey, ...rest } = options;
  return { ...rest, apiKeyConfigured: true, apiKeyMasked: maskSecret(apiKey) };
}

function bad(name: string, what: string): GatewayError {
  return new GatewayError('invalid_model_options', `Option "${name}" ${what}.`, { param: `options.${name}`, hint: 'Fix the model entry (POST /api/admin/models) or the load request.' });
}
