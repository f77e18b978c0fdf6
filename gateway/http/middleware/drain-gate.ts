import type { RequestHandler } from 'express';
import { GatewayError } from '../../errors';
import type { Lifecycle } from '../deps';

/** While draining, new requests are refused with 503 so a balancer moves on; probes still answer. */
export function drainGate(lifecycle: Lifecycle): RequestHandler {
  return (req, res, next) => {
    if (lifecycle.state !== 'draining') return next();
    // Keep-alive clients are told to go elsewhere for their next request.
    res.setHeader('Connection', 'close');
    if (req.path === '/healthz' || req.path === '/readyz' || req.path === '/metrics') return next();
    next(new GatewayError('gateway_draining', 'The gateway is shutting down and takes no new requests.', { retryAfterSeconds: 5, hint: 'Retry in a few seconds, against another instance or after the restart.' }));
  };
}
