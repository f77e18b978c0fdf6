import { Router } from 'express';
import { routes } from '../../contract/routes';
import { GatewayError } from '../../errors';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';
import { locals } from '../locals';
import { canSeeModel } from '../middleware/api-key-auth';

/** `GET /v1/models` and `/v1/models/{id}`: what the caller's key may use. */
export function v1ModelRoutes({ models }: AppDeps): Router {
  const router = Router();
  mount(router, routes.listModels, ({ res }) => {
    const principal = locals(res).principal;
    return { object: 'list' as const, data: models.list().filter((m) => canSeeModel(principal, m.id)) };
  });
  mount(router, routes.getModel, ({ res, params }) => {
    const principal = locals(res).principal;
    const model = models.list().find((m) => m.id === params.id);
    if (!model || !canSeeModel(principal, model.id)) {
      throw new GatewayError('model_not_found', `The model "${params.id}" does not exist or this key may not use it.`, { param: 'model', hint: 'List the available models with GET /v1/models.' });
    }
    return model;
  });
  return router;
}
