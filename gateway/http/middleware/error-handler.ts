import type { ErrorRequestHandler, RequestHandler } from 'express';
import { GatewayError, internalErrorObject, isGatewayError, type ErrorCode } from '../../errors';
import { locals } from '../locals';

/**
 * Failures that may pass on their own without a Retry-After. Every other error without one is
 * permanent and says `x-should-retry: false`, which the OpenAI SDKs read before their status rule
 * (they retry 408, 409, 429 and 5xx): a model not downloaded or not loaded with lazy loading off
 * must not cost two more uploads of the audio.
 */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['request_timeout', 'rate_limit_exceeded', 'server_overloaded', 'model_loading', 'model_crashed', 'upstream_error', 'upstream_timeout', 'hub_unreachable', 'download_failed', 'connection_lost', 'gateway_draining', 'gateway_starting', 'internal']);

/** Unknown routes, everywhere, in the OpenAI shape. */
export function notFound(): RequestHandler {
  return (req, _res, next) => {
    const path = req.originalUrl.split('?')[0]!;
    next(new GatewayError('not_found', `There is no route ${req.method} ${path}.`, {
      hint: path.startsWith('/v1') ? 'The OpenAI-compatible routes are listed in doc/api.md (GET /v1/models, POST /v1/chat/completions, POST /v1/audio/transcriptions, …).' : 'See doc/api.md for the routes of the gateway.',
    }));
  };
}

/**
 * Turns every error into the OpenAI body. GatewayErrors keep their code and message; body-parser
 * errors become 400/413/415; anything else is a programmer error: logged with its stack, answered
 * as 500 `internal` with the request id and nothing of the exception.
 */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    const l = locals(res);
    const gatewayError = isGatewayError(err) ? err : fromParserError(err);
    if (!gatewayError) l.log.error({ err }, 'unexpected error');
    else if (gatewayError.status >= 500) l.log.warn({ code: gatewayError.code, msg: gatewayError.message }, 'request failed');
    if (res.headersSent) {
      // Too late for a status: the stream owner sends its own error event; end the response.
      res.end();
      return;
    }
    if (gatewayError) {
      if (gatewayError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(gatewayError.retryAfterSeconds));
      else if (!TRANSIENT_CODES.has(gatewayError.code)) res.setHeader('x-should-retry', 'false');
      res.status(gatewayError.status).json({ error: gatewayError.toErrorObject(l.requestId) });
      return;
    }
    res.status(500).json({ error: internalErrorObject(l.requestId) });
  };
}

function fromParserError(err: unknown): GatewayError | null {
  // The router decodes path parameters and throws a URIError (status 400) on bad percent-encoding.
  if (err instanceof URIError) return new GatewayError('invalid_request', 'A path segment is not valid percent-encoded UTF-8.', { hint: 'Percent-encode the path as UTF-8 (for example with encodeURIComponent).' });
  if (typeof err !== 'object' || err === null || !('type' in err)) return null;
  const type = (err as { type?: unknown }).type;
  if (type === 'entity.too.large') {
    const limit = (err as { limit?: number }).limit;
    return new GatewayError('request_too_large', `The request body is larger than ${limit ? `${Math.round(limit / 1024 / 1024)} MB` : 'the limit'}.`, { hint: 'Send a smaller body, or raise MAX_JSON_MB on the gateway.' });
  }
  if (type === 'entity.parse.failed') return new GatewayError('invalid_json', 'The body is not valid JSON.', { hint: 'Check the JSON syntax (quotes, commas, brackets).' });
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new GatewayError('unsupported_media_type', 'The body encoding or charset is not supported.', { hint: 'Send UTF-8 JSON without Content-Encoding.' });
  if (type === 'request.aborted') return new GatewayError('invalid_request', 'The client aborted the request body.');
  if (type === 'request.size.invalid' || type === 'stream.encoding.set') return new GatewayError('invalid_request', 'The request body does not match its Content-Length.');
  return null;
}
