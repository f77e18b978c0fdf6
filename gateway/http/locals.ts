import type { Response } from 'express';
import type { Logger } from '../logging/logger';
import type { Principal } from '../auth/api-key-store';

/** What middleware leaves on `res.locals` for the handlers after it. */
export interface Locals {
  requestId: string;
  log: Logger;
  principal: Principal;
  /** The route label for metrics: the route's path pattern, never the raw URL. */
  routeLabel?: string;
}

export function locals(res: Response): Locals {
  return res.locals as Locals;
}
