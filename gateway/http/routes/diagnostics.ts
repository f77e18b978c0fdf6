import { Router } from 'express';
import { routes } from '../../contract/routes';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

/** `GET /api/diagnostics`: every check; a failing check is a row with status fail, never a 500. */
export function diagnosticsRoutes(deps: AppDeps): Router {
  const router = Router();
  mount(router, routes.diagnostics, () => deps.diagnostics?.run() ?? { checks: [], checkedAt: new Date().toISOString() });
  return router;
}
