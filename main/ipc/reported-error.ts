import type { ErrorObject } from '../../gateway/contract/errors';

/** An error that already has its ErrorBody form (one the gateway sent, say): passed on as is. */
export class ReportedError extends Error {
  constructor(readonly body: ErrorObject) {
    super(body.message);
    this.name = 'ReportedError';
  }
}
