import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { RouteDef } from '../contract/routes';
import { GatewayError } from '../errors';
import { locals } from './locals';

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RouteInput<R extends RouteDef> {
  req: Request;
  res: Response;
  body: Infer<R['body']>;
  query: Infer<R['query']>;
  params: Record<string, string>;
}

type Output<R extends RouteDef> = R['response'] extends z.ZodType ? z.infer<R['response']> : void;

/**
 * Mounts one route of the contract: parses body and query with its schemas (400 naming the field
 * otherwise), calls the handler, and sends its result with the route's status. Handlers stay small:
 * parse, call one service, return.
 */
export function mount<R extends RouteDef>(router: Router, def: R, handler: (input: RouteInput<R>) => Output<R> | Promise<Output<R>>): void {
  const method = def.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
  router[method](def.path, async (req, res) => {
    locals(res).routeLabel = def.path;
    const body = def.body ? parse(def.body, req.body ?? {}, 'body') : undefined;
    const query = def.query ? parse(def.query, req.query, 'query') : undefined;
    const result = await handler({ req, res, body: body as Infer<R['body']>, query: query as Infer<R['query']>, params: req.params as Record<string, string> });
    if (res.headersSent) return;
    if (def.response === undefined) res.status(def.status ?? 204).end();
    else res.status(def.status ?? 200).json(result);
  });
}

export function parse<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'form'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  throw new GatewayError('invalid_request', `Invalid ${where}${field ? ` field "${field}"` : ''}: ${issue.message}.`, {
    param: field || undefined,
    hint: 'See doc/api.md for the fields this route accepts.',
  });
}
