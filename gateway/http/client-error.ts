import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayError } from '../errors';

/**
 * What the HTTP parser refuses before Express sees a request (malformed framing, smuggling-shaped
 * Content-Length/Transfer-Encoding pairs, headers over Node's 16 KB, a header timeout) answered in
 * the OpenAI error shape instead of Node's bare `400 Bad Request`, then the connection is closed:
 * after a framing error nothing later on it can be trusted.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inProgress?.headersSent) {
      socket.destroy();
      return;
    }
    const error = protocolError(err.code);
    const body = JSON.stringify({ error: error.toErrorObject() });
    socket.end(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
}

/**
 * `Expect` other than `100-continue`: Node would answer a bare 417; this one says what is accepted.
 * (`100-continue` is handled by Node itself, which lets the body come.)
 */
export function answerUnknownExpectations(server: Server): void {
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    const error = new GatewayError('expectation_failed', `The gateway does not support "Expect: ${String(req.headers.expect).slice(0, 100)}".`, { hint: 'Send no Expect header, or "Expect: 100-continue".' });
    res.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' }).end(JSON.stringify({ error: error.toErrorObject() }));
  });
}

function protocolError(code: string | undefined): GatewayError {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new GatewayError('headers_too_large', 'The request headers are larger than the gateway accepts (16 KB in all).', { hint: 'Send fewer or shorter headers (a large cookie or token, usually).' });
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT') {
    return new GatewayError('request_timeout', 'The request headers did not arrive in time.', { hint: 'Check the client and the network between it and the gateway.' });
  }
  return new GatewayError('malformed_http', `The request is not valid HTTP/1.1 (${code ?? 'parse error'}), so the connection is closed.`, {
    hint: 'Send one Content-Length or Transfer-Encoding: chunked (not both), header lines of the form "Name: value", and a request line "METHOD /path HTTP/1.1".',
  });
}
