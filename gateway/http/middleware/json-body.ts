import express, { type RequestHandler } from 'express';
import { GatewayError } from '../../errors';

/**
 * JSON bodies: `application/json` only (415 otherwise, which also closes the CSRF "simple request"
 * path of text/plain), at most `limitBytes` (413), and a top-level object (400). A request with no
 * body is let through: several admin actions take none.
 */
export function jsonBody(limitBytes: number, idleTimeoutMs = 30_000): RequestHandler[] {
  const parse = withIdleTimeout(express.json({ limit: limitBytes, strict: true, type: () => true }), idleTimeoutMs);
  return [
    (req, _res, next) => {
      if (!hasBody(req.headers)) return next();
      if (!req.is('application/json')) {
        return next(new GatewayError('unsupported_media_type', `Content-Type "${req.headers['content-type'] ?? '(none)'}" is not accepted here.`, {
          hint: 'Send the body as JSON with Content-Type: application/json.',
        }));
      }
      parse(req, _res, next);
    },
    (req, _res, next) => {
      if (hasBody(req.headers) && (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body))) {
        return next(new GatewayError('invalid_request', 'The JSON body must be an object.', { hint: 'Send a JSON object such as {"model": "…"}.' }));
      }
      next();
    },
  ];
}

/**
 * A client that stops sending its body would otherwise hold the socket for ever (slowloris): past
 * `idleMs` without a byte, the request ends with 408 and the connection is closed.
 */
function withIdleTimeout(parse: RequestHandler, idleMs: number): RequestHandler {
  return (req, res, next) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', arm);
      next(err);
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        res.setHeader('Connection', 'close');
        settle(new GatewayError('request_timeout', `The request body stopped: no bytes arrived for ${Math.round(idleMs / 1000)} s before its end.`, { hint: 'Check the network between the client and the gateway, and send the request again.' }));
      }, idleMs);
    };
    req.on('data', arm);
    arm();
    parse(req, res, settle);
  };
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}
