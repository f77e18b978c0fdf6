import type { z } from 'zod';
import { ErrorBody } from '../../../gateway/contract/errors';
import type { RawAnswer } from './raw-exchange';

/**
 * Why an answer is not acceptable, or null when it is: never a 500, a status the protocol knows, an
 * error in the OpenAI shape (`{ error: { message, type, param, code } }`, JSON), and a success
 * that matches the route's response schema when it has one.
 */
export function answerProblem(answer: RawAnswer, response?: z.ZodType): string | null {
  const { status } = answer;
  if (!Number.isInteger(status) || status < 200 || status > 599) return `status ${status}`;
  if (status === 500) return `500: ${answer.body.toString('utf8').slice(0, 300)}`;
  const type = answer.headers['content-type']?.[0] ?? '';
  if (status >= 400) {
    if (!type.startsWith('application/json')) return `${status} with content-type "${type}" (an OpenAI error is JSON): ${answer.body.toString('utf8').slice(0, 200)}`;
    const parsed = ErrorBody.safeParse(parseJson(answer.body));
    return parsed.success ? null : `${status} body is not an OpenAI error: ${answer.body.toString('utf8').slice(0, 300)}`;
  }
  if (response && type.startsWith('application/json')) {
    const parsed = response.safeParse(parseJson(answer.body));
    if (!parsed.success) return `${status} body does not match the route's response schema: ${parsed.error.issues[0]?.message} at ${parsed.error.issues[0]?.path.join('.')}`;
  }
  return null;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
