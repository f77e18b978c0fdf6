import { Router } from 'express';
import { routes } from '../../contract/routes';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';
import { locals } from '../locals';

/** Liveness, readiness (503 while starting or draining) and Prometheus metrics. */
export function healthRoutes(deps: AppDeps): Router {
  const router = Router();
  mount(router, routes.health, () => ({ status: 'ok' as const }));
  router.get(routes.readiness.path, (_req, res) => {
    locals(res).routeLabel = routes.readiness.path;
    const state = deps.lifecycle.state;
    res.status(state === 'ready' ? 200 : 503).json({ status: state });
  });
  router.get('/metrics', async (_req, res) => {
    locals(res).routeLabel = '/metrics';
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}
