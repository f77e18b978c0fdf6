import { Router } from 'express';
import { routes } from '../../contract/routes';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

/** The catalog, downloads and cache of each model (issue 3); mounted when the hub is built. */
export function adminModelRoutes({ modelHub }: AppDeps): Router {
  const router = Router();
  if (!modelHub) return router;
  mount(router, routes.adminListModels, () => ({ models: modelHub.list() }));
  mount(router, routes.adminGetModel, ({ params }) => modelHub.entry(params.key!));
  mount(router, routes.addModel, ({ body }) => modelHub.add(body));
  mount(router, routes.removeModel, async ({ params }) => {
    await modelHub.remove(params.key!);
  });
  mount(router, routes.startDownload, ({ params }) => modelHub.startDownload(params.key!));
  mount(router, routes.cancelDownload, ({ params, query }) => modelHub.cancelDownload(params.key!, query.purge));
  mount(router, routes.purgeModelCache, ({ params }) => modelHub.purgeCache(params.key!));
  return router;
}
