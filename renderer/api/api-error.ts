import { ErrorBody, type ErrorObject } from '../../gateway/contract/errors';

/**
 * An error the UI can show as it is: the gateway's own message and hint when it answered with the
 * OpenAI error body, or a message of ours that says what to do when it did not answer at all.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly param: string | null;
  readonly hint: string | undefined;
  readonly requestId: string | undefined;

  constructor(status: number, body: ErrorObject) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? 'unknown';
    this.type = body.type;
    this.param = body.param;
    this.hint = body.hint;
    this.requestId = body.request_id;
  }

  /** The gateway answered 404 not_found to a route of the contract: an older or partial gateway. */
  get isNotOffered(): boolean {
    return this.status === 404 && this.code === 'not_found';
  }

  get isAuth(): boolean {
    return this.status === 401;
  }

  toErrorObject(): ErrorObject {
    return { message: this.message, type: this.type, param: this.param, code: this.code, hint: this.hint, request_id: this.requestId };
  }
}

/** Reads an error response; a body that is not the OpenAI shape still becomes a readable error. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) return new ApiError(res.status, parsed.data.error);
  } catch {
    // not JSON: a proxy page, say
  }
  return new ApiError(res.status, {
    message: `The gateway answered ${res.status} ${res.statusText || ''}`.trim() + '.',
    type: 'api_error',
    param: null,
    code: `http_${res.status}`,
    hint: text ? `It said: ${text.slice(0, 200)}` : 'Check the gateway log for this request.',
  });
}

export function networkError(baseUrl: string, cause: unknown): ApiError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(0, {
    message: `Cannot reach the gateway at ${baseUrl || 'this address'} (${detail}).`,
    type: 'network_error',
    param: null,
    code: 'network_error',
    hint: 'Check that the gateway is running and reachable, then retry. On the Connections page you can switch gateways.',
  });
}

/** The gateway answered, but not with what the contract says: its version differs from ours. */
export function contractError(route: string, issue: string): ApiError {
  return new ApiError(0, {
    message: `The gateway's answer to ${route} does not match this dashboard's contract (${issue}).`,
    type: 'api_error',
    param: null,
    code: 'contract_mismatch',
    hint: 'The gateway and the dashboard come from different versions: rebuild or upgrade them together.',
  });
}

export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  // The preload bridge rejects with the ErrorBody main sent (main/ipc/contract.ts).
  const body = ErrorBody.safeParse(err);
  if (body.success) return new ApiError(0, body.data.error);
  return new ApiError(0, { message: err instanceof Error ? err.message : String(err), type: 'api_error', param: null, code: 'client_error' });
}
