import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../../logging/logger';
import type { Metrics } from '../../metrics/registry';
import { locals } from '../locals';

const CLIENT_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives each request an id (the client's X-Request-Id when it is sane, else a new one), echoes it,
 * adds the time spent in the gateway, logs one line when the response ends and counts it.
 */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && CLIENT_ID.test(incoming) ? incoming : randomUUID();
    const started = process.hrtime.bigint();
    const l = locals(res);
    l.requestId = requestId;
    l.log = logger.child({ reqId: requestId });
    l.principal = { kind: 'anonymous' };
    res.setHeader('X-Request-Id', requestId);
    const writeHead = res.writeHead;
    // The header must go out with the head, so it is added at writeHead time (works for streams too).
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (!this.headersSent) this.setHeader('X-Gateway-Time-Ms', (Number(process.hrtime.bigint() - started) / 1e6).toFixed(3));
      return writeHead.apply(this, args);
    } as typeof writeHead;
    res.on('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = l.routeLabel ?? 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      const line = { method: req.method, path: req.path, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10, principal: l.principal.kind, aborted: !res.writableFinished };
      if (route === '/healthz' || route === '/readyz' || route === '/metrics') l.log.debug(line, 'request');
      else l.log.info(line, 'request');
    });
    next();
  };
}
