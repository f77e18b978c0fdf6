import type { ErrorObject } from './contract/errors';

/**
 * Every operational error code, its HTTP status and its OpenAI `type`. One table; doc/errors.md
 * lists each code with its cause and fix (a test keeps the two in step).
 */
export const ERROR_CODES = {
  // request shape
  invalid_request: { status: 400, type: 'invalid_request_error' },
  invalid_json: { status: 400, type: 'invalid_request_error' },
  not_found: { status: 404, type: 'invalid_request_error' },
  method_not_allowed: { status: 405, type: 'invalid_request_error' },
  request_too_large: { status: 413, type: 'invalid_request_error' },
  request_timeout: { status: 408, type: 'invalid_request_error' },
  unsupported_media_type: { status: 415, type: 'invalid_request_error' },
  malformed_http: { status: 400, type: 'invalid_request_error' },
  headers_too_large: { status: 431, type: 'invalid_request_error' },
  expectation_failed: { status: 417, type: 'invalid_request_error' },
  // auth and origin
  invalid_api_key: { status: 401, type: 'invalid_request_error' },
  invalid_admin_token: { status: 401, type: 'invalid_request_error' },
  insufficient_scope: { status: 403, type: 'permission_error' },
  model_not_allowed: { status: 403, type: 'permission_error' },
  forbidden_host: { status: 403, type: 'permission_error' },
  // catalog and hub
  model_not_found: { status: 404, type: 'invalid_request_error' },
  key_not_found: { status: 404, type: 'invalid_request_error' },
  invalid_repo_id: { status: 400, type: 'invalid_request_error' },
  invalid_revision: { status: 400, type: 'invalid_request_error' },
  model_exists: { status: 409, type: 'invalid_request_error' },
  preset_model: { status: 409, type: 'invalid_request_error' },
  model_loaded: { status: 409, type: 'invalid_request_error' },
  gated_repo: { status: 403, type: 'permission_error' },
  hf_token_invalid: { status: 400, type: 'invalid_request_error' },
  hf_token_required: { status: 400, type: 'invalid_request_error' },
  repo_not_found: { status: 404, type: 'invalid_request_error' },
  hub_unreachable: { status: 502, type: 'api_error' },
  download_failed: { status: 502, type: 'api_error' },
  checksum_mismatch: { status: 502, type: 'api_error' },
  unsafe_path: { status: 502, type: 'api_error' },
  insufficient_storage: { status: 507, type: 'api_error' },
  // model lifecycle
  model_not_downloaded: { status: 409, type: 'invalid_request_error' },
  invalid_gpu_ids: { status: 400, type: 'invalid_request_error' },
  invalid_model_options: { status: 400, type: 'invalid_request_error' },
  gpu_required: { status: 409, type: 'invalid_request_error' },
  insufficient_gpu_memory: { status: 507, type: 'api_error' },
  invalid_tensor_parallel_size: { status: 400, type: 'invalid_request_error' },
  engine_load_failed: { status: 502, type: 'api_error' },
  model_not_loaded: { status: 503, type: 'service_unavailable_error' },
  model_loading: { status: 503, type: 'service_unavailable_error' },
  model_crashed: { status: 503, type: 'service_unavailable_error' },
  gpu_lost: { status: 503, type: 'service_unavailable_error' },
  inference_failed: { status: 500, type: 'api_error' },
  wrong_model_task: { status: 400, type: 'invalid_request_error' },
  // audio
  invalid_audio: { status: 400, type: 'invalid_request_error' },
  audio_too_long: { status: 413, type: 'invalid_request_error' },
  audio_decoder_unavailable: { status: 503, type: 'service_unavailable_error' },
  unsupported_language: { status: 400, type: 'invalid_request_error' },
  unsupported_task: { status: 400, type: 'invalid_request_error' },
  unsupported_response_format: { status: 400, type: 'invalid_request_error' },
  invalid_speaker_reference: { status: 400, type: 'invalid_request_error' },
  diarization_model_required: { status: 400, type: 'invalid_request_error' },
  // upstream LLM engines
  upstream_error: { status: 502, type: 'api_error' },
  upstream_timeout: { status: 504, type: 'api_error' },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error' },
  server_overloaded: { status: 503, type: 'service_unavailable_error' },
  // console (main process: embedded gateway, remote profiles, IPC)
  gateway_start_timeout: { status: 504, type: 'api_error' },
  gateway_exited: { status: 502, type: 'api_error' },
  gateway_gave_up: { status: 503, type: 'service_unavailable_error' },
  gateway_not_running: { status: 503, type: 'service_unavailable_error' },
  profile_not_found: { status: 404, type: 'invalid_request_error' },
  profile_exists: { status: 409, type: 'invalid_request_error' },
  insecure_profile_url: { status: 400, type: 'invalid_request_error' },
  profile_unreachable: { status: 502, type: 'api_error' },
  not_a_gateway: { status: 502, type: 'api_error' },
  origin_not_allowed: { status: 403, type: 'permission_error' },
  certificate_unconfirmed: { status: 409, type: 'invalid_request_error' },
  certificate_changed: { status: 502, type: 'permission_error' },
  connection_lost: { status: 503, type: 'service_unavailable_error' },
  forbidden_sender: { status: 403, type: 'permission_error' },
  external_url_refused: { status: 400, type: 'invalid_request_error' },
  // gateway
  gateway_draining: { status: 503, type: 'service_unavailable_error' },
  gateway_starting: { status: 503, type: 'service_unavailable_error' },
  internal: { status: 500, type: 'api_error' },
} as const satisfies Record<string, { status: number; type: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface GatewayErrorOptions extends ErrorOptions {
  /** The request field at fault (OpenAI `param`). */
  param?: string;
  /** What to do next, when the message does not already say it. */
  hint?: string;
  /** Seconds, sent as `Retry-After` (503 and 429). */
  retryAfterSeconds?: number;
}

/** An operational failure: expected, explained to the caller, never a stack trace. */
export class GatewayError extends Error {
  readonly param?: string;
  readonly hint?: string;
  readonly retryAfterSeconds?: number;

  constructor(readonly code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.param = options.param;
    this.hint = options.hint;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toErrorObject(requestId?: string): ErrorObject {
    return {
      message: this.message,
      type: ERROR_CODES[this.code].type,
      param: this.param ?? null,
      code: this.code,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(requestId ? { request_id: requestId } : {}),
    };
  }
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}

/** The body of a programmer error: no message from the exception, only where to look. */
export function internalErrorObject(requestId: string | undefined): ErrorObject {
  return {
    message: `The gateway failed unexpectedly${requestId ? ` (request ${requestId})` : ''}. The cause is in the gateway log under this request id; retry, and report it if it repeats.`,
    type: ERROR_CODES.internal.type,
    param: null,
    code: 'internal',
    ...(requestId ? { request_id: requestId } : {}),
  };
}
