import { Router } from 'express';
import { routes } from '../../contract/routes';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

/**
 * Load, unload and preflight of a catalog model (the guide's paths). Load waits until the model
 * is loaded (or `?wait=false`: 202 at once, follow the state on /api/events).
 */
export function adminModelRuntimeRoutes({ modelManager: manager, checkModelAccess }: AppDeps): Router {
  const router = Router();
  if (!manager) return router;
  mount(router, routes.loadModel, async ({ res, params, body, query }) => {
    const key = params.key!;
    const request = { gpuDeviceIds: body.gpu_device_ids, options: body.options, restart: body.restart, maxRestarts: body.max_restarts };
    if (query.wait) return { key, runtime: await manager.load(key, request) };
    const answer = { key, runtime: await manager.loadInBackground(key, request) };
    res.status(202).json(answer);
    return answer;
  });
  mount(router, routes.unloadModel, async ({ params }) => ({ key: params.key!, runtime: await manager.unload(params.key!) }));
  mount(router, routes.modelPreflight, async ({ params, query }) => {
    const key = params.key!;
    await manager.gpusReady();
    const gpus = manager.preflight(key, query.gpu_device_ids?.split(',').map(Number));
    const access = checkModelAccess ? await checkModelAccess(key) : null;
    return { key, access, gpus };
  });
  return router;
}
