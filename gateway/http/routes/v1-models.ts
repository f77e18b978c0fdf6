import { Router } from 'express';
import { routes } from '../../contract/routes';
import { GatewayError } from '../../errors';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';
import { locals } from '../locals';
import { canSeeModel } from '../middleware/api-key-auth';
import type { OpenAIModel } from '../../contract/openai';
import type { Principal } from '../../auth/api-key-store';
import { OPENAI_DIARIZE_ALIAS, OPENAI_TRANSCRIPTION_ALIASES, resolveOpenAIAlias } from '../../models/openai-aliases';

/** `GET /v1/models` and `/v1/models/{id}`: what the caller's key may use. */
export function v1ModelRoutes({ models, modelHub }: AppDeps): Router {
  const router = Router();
  // The catalog models, then the OpenAI names each serves (whisper-1…), as clients pick from this list.
  // A key allowed the model sees its names too.
  const visible = (principal: Principal): OpenAIModel[] => {
    const list = models.list();
    const entries = modelHub?.list() ?? [];
    const aliases = [...OPENAI_TRANSCRIPTION_ALIASES, OPENAI_DIARIZE_ALIAS].flatMap((id) => {
      const target = resolveOpenAIAlias(id, entries);
      const base = target && list.find((m) => m.id === target.key);
      return base && (canSeeModel(principal, id) || canSeeModel(principal, base.id)) ? [{ ...base, id }] : [];
    });
    return [...list.filter((m) => canSeeModel(principal, m.id)), ...aliases];
  };
  mount(router, routes.listModels, ({ res }) => ({ object: 'list' as const, data: visible(locals(res).principal) }));
  mount(router, routes.getModel, ({ res, params }) => {
    const model = visible(locals(res).principal).find((m) => m.id === params.id);
    if (!model) {
      throw new GatewayError('model_not_found', `The model "${params.id}" does not exist or this key may not use it.`, { param: 'model', hint: 'List the available models with GET /v1/models.' });
    }
    return model;
  });
  return router;
}
