import type { RequestHandler } from 'express';
import type { AdminToken } from '../../auth/admin-token';
import type { ApiKeyStore } from '../../auth/api-key-store';
import type { EventBus } from '../../events/event-bus';
import { GatewayError } from '../../errors';
import { locals } from '../locals';
import { bearerToken } from './bearer-token';
import { AuthFailureReporter } from './auth-failure-reporter';

/** Admin routes need the admin token. An inference key is recognised and refused with 403. */
export function adminAuth(admin: AdminToken, keys: ApiKeyStore, events: EventBus): RequestHandler {
  const failures = new AuthFailureReporter(events);
  return (req, res, next) => {
    const token = bearerToken(req);
    if (token && admin.verify(token)) {
      locals(res).principal = { kind: 'admin' };
      return next();
    }
    if (token && keys.verify(token)) {
      failures.report('admin', req.ip ?? 'unknown', 'wrong_scope');
      return next(new GatewayError('insufficient_scope', 'API keys cannot use admin routes.', {
        hint: 'Use the admin token: ADMIN_TOKEN, or the token in the file whose path the gateway prints at start.',
      }));
    }
    failures.report('admin', req.ip ?? 'unknown', token === null ? 'missing' : 'invalid');
    next(new GatewayError('invalid_admin_token', token === null
      ? 'Admin routes require the admin token: send Authorization: Bearer <admin token>.'
      : 'The admin token is not valid.', {
      hint: 'The token is ADMIN_TOKEN if set, else in the admin-token file of the state directory (its path is printed when the gateway starts).',
    }));
  };
}
