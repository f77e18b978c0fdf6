import type { ZodError } from 'zod';
import type { ErrorBody } from '../../gateway/contract/errors';
import { GatewayError, internalErrorObject } from '../../gateway/errors';
import { ReportedError } from './reported-error';

/** Any failure of an IPC handler as the ErrorBody the renderer shows (the gateway's HTTP shape). */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof GatewayError) return { error: err.toErrorObject() };
  if (err instanceof ReportedError) return { error: err.body };
  return { error: { ...internalErrorObject(undefined), message: 'The console failed unexpectedly. The cause is in the console log; retry, and report it if it repeats.' } };
}

/** A malformed IPC argument: 400-style, naming the field. */
export function invalidArgument(channel: string, error: ZodError): GatewayError {
  const issue = error.issues[0];
  const path = issue?.path.join('.') || null;
  return new GatewayError('invalid_request', `Invalid argument for ${channel}${path ? ` (${path})` : ''}: ${issue?.message ?? 'malformed'}.`, {
    ...(path ? { param: path } : {}),
    hint: 'Send the argument described by main/ipc/contract.ts for this channel.',
  });
}
