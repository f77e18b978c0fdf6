import type { IncomingMessage } from 'node:http';
import type { GatewayError } from '../../../errors';

/**
 * Reads a whole upstream body, bounded in size and in silence. Rejects with `idleError()` when the
 * engine stops sending, with `tooLarge` past `maxBytes`, and when the connection breaks.
 */
export function readBody(upstream: IncomingMessage, o: { maxBytes: number; idleTimeoutMs: number; signal: AbortSignal; idleError(): GatewayError; broken(why: string): GatewayError }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // The client may leave while the body arrives: stop reading the engine at once.
    const onAbort = (): void => fail(o.signal.reason as Error);
    o.signal.addEventListener('abort', onAbort, { once: true });
    const parts: Buffer[] = [];
    let size = 0;
    const idle = setTimeout(() => fail(o.idleError()), o.idleTimeoutMs);
    if (o.signal.aborted) queueMicrotask(onAbort);
    const fail = (err: Error): void => {
      clearTimeout(idle);
      o.signal.removeEventListener('abort', onAbort);
      upstream.destroy();
      reject(err);
    };
    upstream.on('data', (chunk: Buffer) => {
      idle.refresh();
      size += chunk.length;
      if (size > o.maxBytes) return fail(o.broken(`an answer larger than ${Math.round(o.maxBytes / 1024 / 1024)} MB`));
      parts.push(chunk);
    });
    upstream.on('end', () => {
      clearTimeout(idle);
      o.signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(parts));
    });
    upstream.on('close', () => {
      if (!upstream.complete) fail(o.broken('an answer cut in the middle (the connection broke)'));
    });
    upstream.on('error', () => undefined); // 'close' reports it
  });
}
