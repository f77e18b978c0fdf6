import type { z } from 'zod';
import { ErrorBody } from '../contract/errors';
import { CliError, EXIT } from './exit-codes';

export interface ClientOptions {
  url: string;
  token: string | null;
  /** Bounds one request: a gateway that accepts and never answers must not hang a script. */
  timeoutMs?: number;
}

/**
 * The typed HTTP client of the CLI: every answer is parsed with the contract's schema, so a
 * gateway of another version fails loudly here instead of printing half a table.
 */
export class GatewayClient {
  constructor(private readonly options: ClientOptions) {}

  get url(): string {
    return this.options.url;
  }

  async request<S extends z.ZodType>(method: string, path: string, schema: S | null, body?: unknown): Promise<z.infer<S>> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.options.url), {
        method,
        headers: {
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach the gateway at ${this.options.url}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, EXIT.connect,
        'Start it with `passerelle serve`, or point --url / PASSERELLE_URL at it.');
    }
    const text = await res.text();
    if (!res.ok) throw errorOf(res.status, text);
    if (!schema) return undefined as z.infer<S>;
    const parsed = schema.safeParse(text ? JSON.parse(text) : undefined);
    if (!parsed.success) throw new CliError(`the gateway answered ${method} ${path} with a body this CLI does not understand: ${parsed.error.message}`, EXIT.gateway, 'Use a CLI of the same version as the gateway.');
    return parsed.data;
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
    return this.request('GET', path, schema);
  }
}

function errorOf(status: number, text: string): CliError {
  let message = `HTTP ${status}`;
  let hint: string | undefined;
  try {
    const body = ErrorBody.parse(JSON.parse(text));
    message = `${body.error.message}${body.error.code ? ` (${body.error.code})` : ''}`;
    hint = body.error.hint;
  } catch {
    if (text) message += `: ${text.slice(0, 200)}`;
  }
  return new CliError(message, status === 401 || status === 403 ? EXIT.auth : EXIT.gateway, hint);
}
