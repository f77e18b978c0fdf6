import { Router } from 'express';
import { routes } from '../../contract/routes';
import { GatewayError } from '../../errors';
import type { AppDeps } from '../deps';
import { mount } from '../typed-route';

/** API keys: create (the secret is returned once), list, revoke (effective at once). */
export function adminKeyRoutes({ keys, events }: AppDeps): Router {
  const router = Router();
  mount(router, routes.listKeys, () => ({ keys: keys.list() }));
  mount(router, routes.createKey, ({ body }) => {
    const created = keys.create(body);
    events.record({ level: 'info', kind: 'key.created', message: `API key "${created.name}" (…${created.last4}) created${created.models ? ` for ${created.models.join(', ')}` : ''}.` });
    return created;
  });
  mount(router, routes.revokeKey, ({ params }) => {
    const id = params.id!;
    if (keys.isEnvKey(id)) {
      throw new GatewayError('invalid_request', `Key ${id} comes from OPENAI_API_KEYS and cannot be revoked here.`, { hint: 'Remove it from OPENAI_API_KEYS and restart the gateway.' });
    }
    const info = keys.list().find((k) => k.id === id);
    if (!info || !keys.revoke(id)) throw new GatewayError('key_not_found', `There is no API key with id ${id}.`, { hint: 'List the keys with GET /api/admin/keys.' });
    events.record({ level: 'info', kind: 'key.revoked', message: `API key "${info.name}" (…${info.last4}) revoked.` });
  });
  return router;
}
