import express, { type RequestHandler } from 'express';
import { GatewayError } from '../../errors';

/**
 * JSON bodies: `application/json` only (415 otherwise, which also closes the CSRF "simple request"
 * path of text/plain), at most `limitBytes` (413), and a top-level object (400). A request with no
 * body is let through: several admin actions take none.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const parse = express.json({ limit: limitBytes, strict: true, type: () => true });
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

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}
