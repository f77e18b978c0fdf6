import type { RequestHandler } from 'express';

/**
 * CORS for the origins in ALLOWED_ORIGINS only; never `*`. Authentication is a bearer token (no
 * cookies), so a foreign page can neither read answers nor present credentials it cannot know.
 * A preflight from another origin gets 403 and no CORS headers.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (isAllowed) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, X-Gateway-Time-Ms, Retry-After');
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      if (!isAllowed) {
        res.status(403).end();
        return;
      }
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      // The official SDKs send many x-stainless-* headers: echo what the allowed origin asks for.
      res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
