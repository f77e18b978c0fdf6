import type { z } from 'zod';
import { routes, type RouteDef, type RouteName, type Routes } from '../../gateway/contract/routes';
import { ApiError, contractError, errorFromResponse, networkError } from './api-error';
import { queryString, routePath } from './route-path';

type Schema<R, K extends string> = R extends Record<K, infer S extends z.ZodType> ? S : never;

/** What a call of a route takes: path params, the query and body as their schemas accept them. */
export interface CallInput<R extends RouteDef> {
  params?: Record<string, string | number>;
  query?: R extends { query: z.ZodType } ? Partial<z.input<Schema<R, 'query'>>> : never;
  body?: R extends { body: z.ZodType } ? z.input<Schema<R, 'body'>> : never;
  signal?: AbortSignal;
}

export type CallOutput<R extends RouteDef> = R extends { response: z.ZodType } ? z.output<Schema<R, 'response'>> : void;

export interface Credentials {
  /** '' for the page's own origin (the dashboard served by the gateway). */
  baseUrl: string;
  adminToken: string | null;
  apiKey: string | null;
}

export interface GatewayClient {
  call<N extends RouteName>(name: N, input?: CallInput<Routes[N]>): Promise<CallOutput<Routes[N]>>;
  /** A route outside the JSON table (multipart audio, streamed chat): the caller reads the Response. */
  raw(path: string, init: RequestInit & { auth: 'admin' | 'v1' }): Promise<Response>;
  readonly baseUrl: string;
}

/**
 * The typed client of the gateway's route table: every answer is parsed with the route's zod
 * schema, every error becomes an ApiError with the gateway's message and hint.
 */
export function createGatewayClient(creds: () => Credentials, fetchImpl: typeof fetch = (...a) => fetch(...a)): GatewayClient {
  const send = async (path: string, init: RequestInit, auth: 'admin' | 'v1'): Promise<Response> => {
    const c = creds();
    const token = auth === 'v1' ? c.apiKey ?? c.adminToken : c.adminToken;
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let res: Response;
    try {
      res = await fetchImpl(`${c.baseUrl}${path}`, { ...init, headers });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw networkError(c.baseUrl, err);
    }
    if (!res.ok) throw await errorFromResponse(res);
    return res;
  };

  const parse = async <S extends z.ZodType>(res: Response, schema: S, label: string): Promise<z.output<S>> => {
    const json: unknown = await res.json().catch(() => {
      throw contractError(label, 'the body is not JSON');
    });
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw contractError(label, `${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  };
  const init = (method: string, body: unknown, signal?: AbortSignal): RequestInit =>
    body === undefined ? { method, signal } : { method, signal, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } };

  return {
    get baseUrl() {
      return creds().baseUrl;
    },
    async call(name, input = {}) {
      const def: RouteDef = routes[name];
      const path = routePath(def.path, input.params) + queryString(input.query as Record<string, unknown> | undefined);
      const res = await send(path, init(def.method, input.body, input.signal), def.path.startsWith('/v1') ? 'v1' : 'admin');
      if (!def.response) return undefined as never;
      return (await parse(res, def.response, `${def.method} ${def.path}`)) as never;
    },
    raw: (path, { auth, ...init }) => send(path, init, auth),
  };
}

export { ApiError };
