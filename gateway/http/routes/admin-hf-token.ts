import { Router } from 'express';
import { routes } from '../../contract/routes';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

/** The Hugging Face token: shown masked with its account, saved after a whoami check, removed. */
export function adminHfTokenRoutes({ modelHub, events }: AppDeps): Router {
  const router = Router();
  if (!modelHub) return router;
  mount(router, routes.getHfToken, () => modelHub.token.status());
  mount(router, routes.putHfToken, async ({ body }) => {
    const status = await modelHub.token.set(body.token);
    events.record({ level: 'info', kind: 'hf_token.saved', message: `Hugging Face token ${status.masked} saved (account ${status.user ?? 'unknown'}, role ${status.role ?? 'unknown'}).` });
    return status;
  });
  mount(router, routes.deleteHfToken, async () => {
    const status = await modelHub.token.remove();
    events.record({ level: 'info', kind: 'hf_token.removed', message: status.configured ? 'Saved Hugging Face token removed; HUGGINGFACE_TOKEN is used again.' : 'Hugging Face token removed.' });
    return status;
  });
  return router;
}
