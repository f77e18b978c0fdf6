import type { Request } from 'express';
import { GatewayError } from '../../errors';

/**
 * The bearer token of a request, or null when there is no Authorization header. Node keeps only
 * the first of duplicated Authorization headers, so duplicates are found in rawHeaders and
 * refused: two credentials on one request are ambiguous.
 */
export function bearerToken(req: Request): string | null {
  let count = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'authorization') count++;
  if (count > 1) throw new GatewayError('invalid_request', 'The request has more than one Authorization header.', { hint: 'Send exactly one header: Authorization: Bearer <key>.' });
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : '';
}
