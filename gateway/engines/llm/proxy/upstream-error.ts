import type { ErrorObject } from '../../../contract/errors';
import { GatewayError } from '../../../errors';

/**
 * An upstream 4xx in the OpenAI shape, whatever shape the engine used (vLLM puts an integer in
 * `code`; FastAPI sends `{detail}`): the client's mistake, passed on with its status.
 */
export function clientErrorBody(status: number, text: string): ErrorObject {
  const parsed = parseObject(text);
  const inner = (parsed && typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : parsed) as Record<string, unknown> | null;
  const message = pickString(inner?.message) ?? pickString(inner?.detail) ?? pickString(parsed?.detail) ?? `The engine refused the request (HTTP ${status}).`;
  return {
    message,
    type: status === 429 ? 'rate_limit_error' : status === 401 || status === 403 ? 'permission_error' : 'invalid_request_error',
    param: pickString(inner?.param) ?? null,
    code: pickString(inner?.code) ?? (status === 404 ? 'model_not_found' : status === 429 ? 'rate_limit_exceeded' : 'upstream_rejected'),
  };
}

/**
 * An engine's 401 or 403 is about the gateway's own key to it (options.apiKey, vLLM's per-start
 * key), not the client's: passed on, it would make the client's SDK blame the client's key, and an
 * OpenAI-style message echoes part of the key. 502, without the engine's words.
 */
export function credentialsRefused(model: string, status: number): GatewayError {
  return new GatewayError('upstream_error', `The engine of "${model}" refused the gateway's credentials (HTTP ${status}).`, {
    hint: 'Nothing is wrong with your request or key: an operator must fix the API key the gateway uses for this model (options.apiKey of an attached upstream) and load it again.',
  });
}

/** A 5xx, or a body that is not what the API promises: 502, with the engine's words kept short. */
export function serverError(model: string, status: number, text: string): GatewayError {
  const parsed = parseObject(text);
  const inner = (parsed && typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : parsed) as Record<string, unknown> | null;
  const said = pickString(inner?.message) ?? pickString(inner?.detail);
  return new GatewayError('upstream_error', `The engine of "${model}" failed (HTTP ${status})${said ? `: ${said.slice(0, 300)}` : ''}.`, {
    hint: 'Retry; if it repeats, read the engine events of this model (Events page) for the cause.',
  });
}

export function garbage(model: string, what: string): GatewayError {
  return new GatewayError('upstream_error', `The engine of "${model}" sent ${what}.`, {
    hint: 'Retry; if it repeats, the engine is not OpenAI-compatible at this URL or is failing: check the model\'s engine events.',
  });
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function pickString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
