import { Router, type Request, type Response } from 'express';
import { routes } from '../../contract/routes';
import { GatewayError } from '../../errors';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';
import { locals } from '../locals';
import { assertModelAllowed } from '../middleware/api-key-auth';
import { LlmProxy, type LlmEndpoint } from '../../engines/llm/proxy/llm-proxy';
import { TokenMeter } from '../../engines/llm/proxy/token-meter';
import type { LlmTargets } from '../../engines/llm/proxy/llm-targets';

const noTargets: LlmTargets = {
  acquire: (model) => Promise.reject(new GatewayError('model_not_found', `The model "${model}" does not exist.`, { param: 'model', hint: 'List the available models with GET /v1/models.' })),
};

/**
 * `POST /v1/chat/completions`, `/v1/completions`, `/v1/embeddings`: thin adapters over the LLM
 * proxy. The body is checked only for what routing needs; the engine validates the rest.
 */
export function v1LlmRoutes(deps: AppDeps): Router {
  const router = Router();
  // Read at each request: gateway.ts wires the targets once the model manager exists.
  const targets: LlmTargets = { acquire: (model, signal) => (deps.llmTargets ?? noTargets).acquire(model, signal) };
  const proxy = new LlmProxy(targets, new TokenMeter(deps.metrics.registry));
  const forward = async (endpoint: LlmEndpoint, req: Request, res: Response, model: string): Promise<void> => {
    const l = locals(res);
    assertModelAllowed(l.principal, model);
    // The parsed body as it came (unknown fields kept); the proxy copies it once, to rename the model.
    await proxy.handle({ endpoint, body: req.body as Record<string, unknown> & { model: string }, res, principal: l.principal, requestId: l.requestId, log: l.log });
  };
  mount(router, routes.chatCompletions, ({ req, res, body }) => forward('chat/completions', req, res, body.model));
  mount(router, routes.completions, ({ req, res, body }) => forward('completions', req, res, body.model));
  mount(router, routes.embeddings, ({ req, res, body }) => forward('embeddings', req, res, body.model));
  return router;
}
