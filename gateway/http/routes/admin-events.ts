import { Router } from 'express';
import { routes } from '../../contract/routes';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

/** The runtime log, filtered by `since` (id or ISO time), minimum `level`, `model` and `kind`. */
export function adminEventRoutes({ events }: AppDeps): Router {
  const router = Router();
  mount(router, routes.listEvents, ({ query }) => ({ events: events.log.query(query) }));
  return router;
}
