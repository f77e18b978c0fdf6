import { ERROR_CODES, GatewayError, type ErrorCode } from '../errors';
import type { WorkerFailure } from './worker-protocol';

/** A failure reported by a worker, as the gateway's error: known codes keep theirs. */
export function fromWorkerFailure(key: string, failure: WorkerFailure): GatewayError {
  if (failure.code !== 'engine_error' && Object.hasOwn(ERROR_CODES, failure.code)) {
    return new GatewayError(failure.code as ErrorCode, failure.message, { hint: failure.hint });
  }
  return new GatewayError('inference_failed', `The model "${key}" failed on this request: ${failure.message}`, {
    hint: failure.hint ?? 'Check the input; if it is valid, the gateway log and GET /api/admin/events have the details.',
  });
}

/** The line an exit event shows: how it ended, then the worker's last error output. */
export function exitReason(code: number | null, signal: NodeJS.Signals | null, stderrTail: string[]): string {
  const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
  const last = stderrTail.at(-1);
  return last ? `${how}: ${last}` : how;
}
