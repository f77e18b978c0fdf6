import type { RequestHandler } from 'express';
import type { ApiKeyStore, Principal } from '../../auth/api-key-store';
import type { AdminToken } from '../../auth/admin-token';
import type { EventBus } from '../../events/event-bus';
import { GatewayError } from '../../errors';
import { locals } from '../locals';
import { bearerToken } from './bearer-token';
import { AuthFailureReporter } from './auth-failure-reporter';

/**
 * `/v1` authentication. Open while no key exists (OPENAI_API_KEYS empty and none created);
 * otherwise `Authorization: Bearer <key>` with a valid key, or the admin token, which opens
 * everything. The key's model allow-list is checked where the model is known (assertModelAllowed).
 */
export function apiKeyAuth(keys: ApiKeyStore, admin: AdminToken, events: EventBus): RequestHandler {
  const failures = new AuthFailureReporter(events);
  return (req, res, next) => {
    const token = bearerToken(req);
    const l = locals(res);
    if (token && admin.verify(token)) {
      l.principal = { kind: 'admin' };
      return next();
    }
    if (!keys.hasKeys) return next();
    const principal = token ? keys.verify(token) : null;
    if (principal) {
      l.principal = principal;
      return next();
    }
    failures.report('v1', req.ip ?? 'unknown', token === null ? 'missing' : 'invalid');
    next(new GatewayError('invalid_api_key', token === null
      ? 'This gateway requires an API key: send Authorization: Bearer <key>.'
      : 'The API key is not valid (unknown or revoked).', {
      hint: 'Create a key on the Keys page or with POST /api/admin/keys, then enter it in the key dialog (top right of the dashboard) or send it as Authorization: Bearer <key>.',
    }));
  };
}

/** 403 when the caller's key is restricted to other models. */
export function assertModelAllowed(principal: Principal, model: string): void {
  if (principal.kind !== 'key' || principal.models === null || principal.models.includes(model)) return;
  throw new GatewayError('model_not_allowed', `The API key "${principal.name}" may not use model "${model}".`, {
    param: 'model',
    hint: `Use one of: ${principal.models.join(', ') || '(none)'}; or ask an administrator to allow this model for the key.`,
  });
}

export function canSeeModel(principal: Principal, model: string): boolean {
  return principal.kind !== 'key' || principal.models === null || principal.models.includes(model);
}
